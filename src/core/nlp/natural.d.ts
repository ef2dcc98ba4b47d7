// natural ships types only for its package root; we import single modules by path (see sentiment.ts).
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const porterStemmer: { stem(token: string): string };
  export default porterStemmer;
}
