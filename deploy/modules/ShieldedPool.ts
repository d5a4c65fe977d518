// For the stock Ignition CLI:
//   ZKVAULT_KEYS=ceremony ZKVAULT_CIRCUIT=withdraw_a4_d18 npx hardhat ignition deploy \
//     deploy/modules/ShieldedPool.ts --network sepolia --parameters deploy/parameters.example.json
// The `pool:deploy` task does the same with options instead of environment variables. With
// development keys (ZKVAULT_KEYS unset or "dev") the deployment reverts with
// DevelopmentKeysRefused on any chain but Hardhat's local one unless the parameters set
// "insecureDevKeys": true (throwaway pools only).
import { readKeySet, selectKeySet } from "@zkvault/circuits/key-sets";
import { poolModule } from "../pool-module.ts";

const circuit = process.env.ZKVAULT_CIRCUIT ?? "withdraw_a4_d18";
const keys = readKeySet(circuit, selectKeySet());
if (!keys.ceremony) {
  // The guard's revert names only the error; this says what to do about it.
  console.error(
    `${circuit}: INSECURE development keys ("${keys.info.setup}"). DevelopmentKeysGuard refuses them (DevelopmentKeysRefused) ` +
      "on any chain but 31337. For real funds run the ceremony and set ZKVAULT_KEYS=ceremony (README: Security); for a " +
      'throwaway testnet pool set "insecureDevKeys": true in the module parameters.',
  );
}

export default poolModule(circuit, keys.keySet);
