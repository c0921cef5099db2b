// The mail's stylesheet. juice copies every rule into `style` attributes (Gmail and
// Outlook drop or ignore much of a <style> block) and keeps only the media query in the
// head, for the clients that honour it; its rules need !important to beat the inlined
// ones. System fonts only: no web fonts, nothing fetched from another host. Colours
// pass WCAG AA on their backgrounds (ink 16:1, muted 7:1, accent 7.7:1 on white).

export const EMAIL_WIDTH = 600;
/** The content column inside the 24-pixel gutters. */
export const EMAIL_CONTENT_WIDTH = 552;

const SERIF = "Georgia, 'Times New Roman', Times, serif";
const SANS = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif";

export const EMAIL_CSS = `
body { margin: 0; padding: 0; width: 100%; background-color: #f1efe9; -webkit-text-size-adjust: 100%; -ms-text-size-adjust: 100%; }
table { border-collapse: collapse; border-spacing: 0; mso-table-lspace: 0pt; mso-table-rspace: 0pt; }
td { padding: 0; }
img { border: 0; outline: none; text-decoration: none; -ms-interpolation-mode: bicubic; }
a { color: #9e1b1b; }
.preheader { display: none; max-height: 0; max-width: 0; overflow: hidden; opacity: 0; font-size: 1px; line-height: 1px; color: #f1efe9; mso-hide: all; }
.wrapper { width: 100%; background-color: #f1efe9; }
.outer { padding: 16px 0; }
.container { width: 100%; max-width: ${EMAIL_WIDTH}px; margin: 0 auto; background-color: #ffffff; }
.topline { padding: 12px 24px 0 24px; font-family: ${SANS}; font-size: 13px; line-height: 18px; color: #555555; text-align: right; }
.topline a { color: #555555; text-decoration: underline; }
.masthead { padding: 20px 24px 16px 24px; border-bottom: 3px solid #1a1a1a; }
.masthead-name { margin: 0; font-family: ${SERIF}; font-size: 30px; line-height: 36px; font-weight: bold; color: #1a1a1a; }
.masthead-name a { color: #1a1a1a; text-decoration: none; }
.masthead-list { margin: 4px 0 0 0; font-family: ${SANS}; font-size: 14px; line-height: 20px; color: #555555; }
.intro { padding: 24px 24px 8px 24px; }
.intro p { margin: 0 0 16px 0; font-family: ${SERIF}; font-size: 18px; line-height: 28px; color: #1a1a1a; }
.section { padding: 24px 24px 0 24px; }
.section-name { margin: 0; padding: 0 0 6px 0; border-bottom: 1px solid #d6d3cc; font-family: ${SANS}; font-size: 13px; line-height: 18px; font-weight: bold; letter-spacing: 1px; text-transform: uppercase; color: #9e1b1b; }
.section-name a { color: #9e1b1b; text-decoration: none; }
.story { padding: 18px 0 18px 0; border-bottom: 1px solid #ebe8e1; }
.story-image { display: block; width: 100%; max-width: ${EMAIL_CONTENT_WIDTH}px; height: auto; margin: 0 0 12px 0; }
.kicker { margin: 0 0 4px 0; font-family: ${SANS}; font-size: 12px; line-height: 16px; font-weight: bold; letter-spacing: 0.5px; text-transform: uppercase; color: #9e1b1b; }
.headline { margin: 0 0 6px 0; font-family: ${SERIF}; font-size: 24px; line-height: 30px; font-weight: bold; color: #1a1a1a; }
.headline a { color: #1a1a1a; text-decoration: none; }
.brief .headline { font-size: 18px; line-height: 24px; }
.dek { margin: 0 0 8px 0; font-family: ${SERIF}; font-size: 17px; line-height: 25px; color: #333333; }
.byline { margin: 0; font-family: ${SANS}; font-size: 13px; line-height: 18px; color: #555555; }
.button-row { padding: 28px 24px 8px 24px; }
.button-cell { background-color: #9e1b1b; border-radius: 4px; }
.button { display: inline-block; padding: 12px 20px; font-family: ${SANS}; font-size: 16px; line-height: 20px; font-weight: bold; color: #ffffff; text-decoration: none; border-radius: 4px; }
.footer { padding: 24px; border-top: 1px solid #d6d3cc; background-color: #f7f6f2; }
.footer p { margin: 0 0 10px 0; font-family: ${SANS}; font-size: 13px; line-height: 19px; color: #555555; }
.footer a { color: #555555; text-decoration: underline; }
.footer-name { font-weight: bold; color: #1a1a1a; }
@media screen and (max-width: 620px) {
  .outer { padding: 0 !important; }
  .topline, .masthead, .intro, .section, .button-row, .footer { padding-left: 16px !important; padding-right: 16px !important; }
  .masthead-name { font-size: 26px !important; line-height: 32px !important; }
  .headline { font-size: 21px !important; line-height: 27px !important; }
  .intro p { font-size: 17px !important; line-height: 26px !important; }
}
`;
