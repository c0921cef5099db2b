import { describe, expect, it } from 'vitest';
import { classifySmtpFailure, smtpErrorText } from './smtp-outcome.js';

describe('classifySmtpFailure', () => {
  it('retries temporary replies and refused connections', () => {
    expect(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO' })).toBe('retry');
    expect(classifySmtpFailure({ code: 'EMESSAGE', responseCode: 421, command: 'DATA' })).toBe('retry');
    expect(classifySmtpFailure({ code: 'ESOCKET', errno: 'ECONNREFUSED', command: 'CONN' })).toBe('retry');
    expect(classifySmtpFailure({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' })).toBe('retry');
  });

  it('bounces permanent replies', () => {
    expect(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' })).toBe('bounce');
    expect(classifySmtpFailure({ code: 'EMESSAGE', responseCode: 554, command: 'DATA' })).toBe('bounce');
  });

  it('decides a reply-less failure by whether the message had been handed over', () => {
    // The mailer marks every sendRaw error (mail/mailer.ts): false until the server said 354 to DATA.
    for (const command of ['CONN', 'EHLO', 'MAIL FROM', 'RCPT TO', 'DATA'])
      expect(classifySmtpFailure({ code: 'ECONNECTION', command, messageStarted: false })).toBe('retry');
    expect(classifySmtpFailure({ code: 'ETIMEDOUT', command: 'CONN', messageStarted: false })).toBe('retry');
    expect(classifySmtpFailure({ code: 'ECONNECTION', command: 'CONN', messageStarted: true })).toBe('uncertain');
    expect(classifySmtpFailure({ code: 'ETIMEDOUT', command: 'CONN', messageStarted: true })).toBe('uncertain');
    // A reply still decides: the server said what it did with the message.
    expect(classifySmtpFailure({ code: 'EMESSAGE', responseCode: 451, command: 'DATA', messageStarted: true })).toBe('retry');
    expect(classifySmtpFailure({ code: 'EMESSAGE', responseCode: 554, command: 'DATA', messageStarted: true })).toBe('bounce');
  });

  it('retries an unmarked timeout that can only happen before sending', () => {
    expect(classifySmtpFailure({ code: 'ETIMEDOUT', command: 'CONN', timeoutType: 'GREETING_TIMEOUT' })).toBe('retry');
    expect(classifySmtpFailure({ code: 'ETIMEDOUT', command: 'CONN', timeoutType: 'CONNECT_TIMEOUT' })).toBe('retry');
    expect(classifySmtpFailure({ code: 'ETIMEDOUT', command: 'CONN', timeoutType: 'SOCKET_TIMEOUT' })).toBe('uncertain');
  });

  it('calls a connection lost without a reply uncertain', () => {
    expect(classifySmtpFailure({ code: 'ECONNECTION', command: 'CONN' })).toBe('uncertain');
    expect(classifySmtpFailure({ code: 'ETIMEDOUT' })).toBe('uncertain');
    expect(classifySmtpFailure(new Error('boom'))).toBe('uncertain');
    expect(classifySmtpFailure(null)).toBe('uncertain');
  });

  it('keeps the server reply on one line', () => {
    expect(smtpErrorText({ response: '550 5.1.1 No such\r\nmailbox', message: 'x' })).toBe('550 5.1.1 No such mailbox');
    expect(smtpErrorText(new Error('lost'))).toBe('lost');
  });
});
