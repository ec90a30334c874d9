import { describe, expect, it } from 'vitest';
import { baseUrlProblem } from '../../../main/runsignup/base-url';

describe('where the keys may go', () => {
  it.each([
    'https://runsignup.com/rest',
    'https://api.runsignup.com/rest',
    'https://API.RunSignup.com/rest/',
    'https://givesignup.org/rest',
    'https://ticketsignup.io/rest',
  ])('allows %s', (url) => {
    expect(baseUrlProblem(url)).toBeNull();
  });

  it.each([
    ['http://runsignup.com/rest', /https/],
    ['http://127.0.0.1:8080/rest', /https/],
    ['https://127.0.0.1:8080/rest', /runsignup\.com/],
    ['https://runsignup.com.evil.example/rest', /runsignup\.com/],
    ['https://evil.example/runsignup.com/rest', /runsignup\.com/],
    ['https://user:pw@runsignup.com/rest', /runsignup\.com/],
    ['https://runsignup.com:8443/rest', /runsignup\.com/],
    ['not a url', /not a web address/],
  ])('refuses %s', (url, why) => {
    expect(baseUrlProblem(url)).toMatch(why);
  });

  it('allows exactly the addresses the host trusts (a flag of the web host, a test simulator)', () => {
    const trusted = ['http://127.0.0.1:4000/rest'];
    expect(baseUrlProblem('http://127.0.0.1:4000/rest/', trusted)).toBeNull();
    expect(baseUrlProblem('http://127.0.0.1:4001/rest', trusted)).toMatch(/https/);
  });
});
