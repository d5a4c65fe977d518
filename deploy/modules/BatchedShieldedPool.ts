// For the stock Ignition CLI:
//   ZKVAULT_BATCH_CIRCUIT=batch_a3_d23_k81 npx hardhat ignition deploy deploy/modules/BatchedShieldedPool.ts \
//     --network sepolia --parameters deploy/parameters.example.json
// Then post batches with `hardhat pool:flush --pool <address>` (any account) or the prover's runKeeper.
import { batchedPoolModule } from "../batched-pool-module.ts";

export default batchedPoolModule(process.env.ZKVAULT_BATCH_CIRCUIT ?? "batch_a3_d23_k81");
