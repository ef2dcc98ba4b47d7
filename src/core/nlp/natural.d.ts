// natural ships types only for its package root; we import single modules by path (see stems.ts).
declare module 'natural/lib/natural/stemmers/porter_stemmer*.js' {
  const stemmer: { stem(token: string): string };
  export default stemmer;
}
