let t = performance.now();
const { loadReasonClassifier } = await import('./index.ts');
console.log('import', performance.now() - t); t = performance.now();
const c = loadReasonClassifier();
console.log('load', performance.now() - t); t = performance.now();
c.classify('too expensive');
console.log('first classify', performance.now() - t); t = performance.now();
c.classify('trop cher');
console.log('second', performance.now() - t);
