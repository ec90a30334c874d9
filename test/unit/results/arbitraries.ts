import fc from 'fast-check';

/** Any string of code points, lone surrogates included (much cheaper to start than unit 'binary'). */
export const anyText = fc.string({
  unit: fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
  maxLength: 60,
});
