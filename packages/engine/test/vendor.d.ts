// snarkjs ships no types; the tests use it as the reference implementation only.
declare module "snarkjs";
