// String.prototype.isWellFormed is ES2024 and built into Node since 20 (V8 11.x), but our
// `lib` is ES2023. Declared here (a global script, no imports) until `lib` moves on; the
// text guard and the cursor decoder use it to refuse lone UTF-16 surrogates.
interface String {
  /** False when the string holds a lone (unpaired) surrogate, which has no UTF-8 form. */
  isWellFormed(): boolean;
}
