vcl 4.1;

# Masthead behind Varnish (7.1 or later; Debian 12's `varnish` package). No vmods beyond
# std: purges are bans on the Surrogate-Key header, so varnish-modules is not needed.
#
#   varnishd -a :80 -f /etc/varnish/default.vcl -s malloc,256m
#
# What it does:
# - caches reader pages for as long as their `s-maxage` says, and serves them stale for
#   `stale-while-revalidate` more seconds while one request fetches the new page (grace);
# - never caches the newsroom (/admin, which holds the private preview links
#   /admin/preview/TOKEN), the API (/api), the newsletter's token pages, requests that
#   carry the newsroom's session cookie or an Authorization header, or answers that set
#   a cookie or say `private`, `no-store` or `no-cache`;
# - passes live coverage's stream (/{slug}/live/stream, Server-Sent Events) through
#   unbuffered and uncached, with a minute between bytes for its 25 s heartbeat;
# - drops every other cookie from cacheable requests, so one reader's analytics cookie
#   does not make a page uncacheable for everyone;
# - on `PURGE` (or `BAN`) with `X-Purge-Keys: k1 k2 …` from an allowed client (Masthead's
#   VARNISH_PURGE_URL points here), bans every object whose Surrogate-Key holds any of
#   those keys; the expression uses obj.* only, so the ban lurker clears the cache in
#   the background and the ban list stays short.
# - keeps Surrogate-Key and Cache-Tag from readers (CDNs do the same: they are our
#   internal ids), and says X-Cache: HIT, MISS or PASS so a deployment can check itself.

# The Masthead process. A deployment edits these two lines (or renders the file with
# `sed`) to where `masthead serve` listens: HOST and PORT, 127.0.0.1:3000 by default.
backend masthead {
  .host = "127.0.0.1"; # MASTHEAD_HOST
  .port = "3000"; # MASTHEAD_PORT
  .connect_timeout = 2s;
  .first_byte_timeout = 30s;
  .between_bytes_timeout = 10s;
}

# Who may purge. Masthead on the same host needs no more; add its address otherwise.
acl purgers {
  "localhost";
  "127.0.0.1";
  "::1";
}

import std;

sub vcl_recv {
  # Our own bookkeeping header: never trusted from a client.
  unset req.http.X-Masthead-Cache;

  if (req.method == "BAN" || req.method == "PURGE") {
    if (client.ip !~ purgers) {
      return (synth(403, "Forbidden"));
    }
    # A shared secret on top of the ACL (VARNISH_PURGE_TOKEN): put the same value
    # between the quotes; empty means the ACL alone decides.
    set req.http.X-Masthead-Expected-Token = "";
    if (req.http.X-Masthead-Expected-Token != "" && req.http.X-Purge-Token != req.http.X-Masthead-Expected-Token) {
      return (synth(403, "Forbidden"));
    }
    if (req.http.X-Purge-Keys !~ "[^ ]") {
      return (synth(400, "X-Purge-Keys is missing"));
    }
    # Keys are what Masthead makes (story:12, list:section:3, site): anything else is
    # refused rather than escaped, so no key can widen the ban.
    if (req.http.X-Purge-Keys ~ "[^A-Za-z0-9:_./ -]") {
      return (synth(400, "X-Purge-Keys holds a character keys never have"));
    }
    # "k1 k2" becomes "k1|k2", and "." becomes "[.]" so story:1.2 cannot match story:102.
    # A ban string from VCL is split on spaces and takes no quotes, so the regex holds no
    # space: [[:blank:]] matches the one between keys in Surrogate-Key.
    set req.http.X-Masthead-Ban = regsuball(req.http.X-Purge-Keys, "[.]", "[.]");
    set req.http.X-Masthead-Ban = regsuball(regsuball(req.http.X-Masthead-Ban, "^ +| +$", ""), " +", "|");
    if (std.ban("obj.http.Surrogate-Key ~ (^|[[:blank:]])(" + req.http.X-Masthead-Ban + ")([[:blank:]]|$)")) {
      return (synth(200, "Banned"));
    }
    return (synth(400, std.ban_error()));
  }

  if (req.method != "GET" && req.method != "HEAD") {
    return (pass);
  }
  # The newsroom (and its private previews), the API, and the newsletter's token pages.
  if (req.url ~ "^/(admin|api)(/|\?|$)" || req.url ~ "^/newsletter/(confirm|unsubscribe|subscribe|data|events)(\?|$)" || req.url ~ "[?&]token=") {
    return (pass);
  }
  # Live coverage's stream (Server-Sent Events, no-store) goes through as it is written,
  # one backend connection per reader; /{slug}/live.json and the page are what is cached.
  if (req.url ~ "^/[^/?]+/live/stream(\?|$)") {
    return (pass);
  }
  if (req.http.Authorization) {
    return (pass);
  }
  # The newsroom's session cookie (src/newsroom/staff-session.ts): `masthead_session`,
  # `__Host-masthead_session` behind TLS. A signed-in editor sees pages as they are.
  if (req.http.Cookie ~ "(^|;) *(__Host-)?masthead_session=") {
    return (pass);
  }
  unset req.http.Cookie;
  return (hash);
}

sub vcl_backend_fetch {
  # A live stream is quiet between entries except for its heartbeat (every 25 s), longer
  # than the backend's between_bytes_timeout above: it gets a minute, not 10 s.
  if (bereq.url ~ "^/[^/?]+/live/stream(\?|$)") {
    set bereq.between_bytes_timeout = 60s;
  }
}

sub vcl_hit {
  set req.http.X-Masthead-Cache = "HIT";
}

sub vcl_miss {
  set req.http.X-Masthead-Cache = "MISS";
}

sub vcl_pass {
  set req.http.X-Masthead-Cache = "PASS";
}

sub vcl_backend_response {
  # What must not be shared is never stored: a hit-for-miss object remembers that for
  # two minutes, and a later cacheable answer replaces it.
  if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)" || beresp.http.Vary == "*") {
    set beresp.ttl = 120s;
    set beresp.uncacheable = true;
    return (deliver);
  }
  # No caching rule from Masthead: do not guess one (Varnish would keep it default_ttl).
  if (!beresp.http.Cache-Control && !beresp.http.Expires) {
    set beresp.ttl = 120s;
    set beresp.uncacheable = true;
    return (deliver);
  }
  # beresp.ttl already follows s-maxage (before max-age). Grace follows
  # stale-while-revalidate, said explicitly so it does not depend on the version.
  if (beresp.http.Cache-Control ~ "stale-while-revalidate=[0-9]+") {
    set beresp.grace = std.duration(regsub(beresp.http.Cache-Control, "^.*stale-while-revalidate=([0-9]+).*$", "\1") + "s", 0s);
  } else {
    set beresp.grace = 0s;
  }
  return (deliver);
}

sub vcl_deliver {
  set resp.http.X-Cache = req.http.X-Masthead-Cache;
  unset resp.http.Surrogate-Key;
  unset resp.http.Cache-Tag;
}
