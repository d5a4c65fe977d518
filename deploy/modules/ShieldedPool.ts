// For the stock Ignition CLI:
//   ZKVAULT_CIRCUIT=withdraw_a4_d18 npx hardhat ignition deploy deploy/modules/ShieldedPool.ts \
//     --network sepolia --parameters deploy/parameters.example.json
// The `pool:deploy` task does the same with options instead of an environment variable.
import { poolModule } from "../pool-module.ts";

export default poolModule(process.env.ZKVAULT_CIRCUIT ?? "withdraw_a4_d18");
