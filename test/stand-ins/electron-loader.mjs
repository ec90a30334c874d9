// A Node module hook: `import … from 'electron'` gets the stand-in (used to boot the built main bundle).
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') {
    return { url: new URL('./electron.ts', import.meta.url).href, shortCircuit: true };
  }
  return next(specifier, context);
}
