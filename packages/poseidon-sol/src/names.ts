// The naming rule of the generated contracts. Everything that deploys or measures a hasher gets
// the names from here (through hasherContracts), never by matching file names.

/** The contract callers use for width t: PoseidonT<t>. */
export const entryName = (t: number): string => `PoseidonT${t}`;

/** Part i (1, 2, ...) of width t, which the entry contract or part i-1 STATICCALLs. */
export const partName = (t: number, i: number): string => `PoseidonT${t}Part${i}`;

/** Contract i of width t: 0 is the entry contract, then the parts. */
export const contractName = (t: number, i: number): string => (i === 0 ? entryName(t) : partName(t, i));
