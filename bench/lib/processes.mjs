// What every bench asks of the machine: a free loopback port, and how much CPU and memory
// a process (the server under test) has used so far. Read from /proc, so Linux only.
import { readFileSync } from 'node:fs';
import net from 'node:net';

/** A port nothing listens on right now, found by letting the kernel pick one. */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** CPU time (user + system) a process has used, in ms: unlike wall time, not stretched by a busy machine. */
export function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
}

/** A memory figure of /proc/PID/status (VmRSS by default) in MB with one decimal, NaN when the process is gone. */
export function rssMb(pid, field = 'VmRSS') {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : NaN;
  } catch {
    return NaN;
  }
}
