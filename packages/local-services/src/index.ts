export { freePort } from "./free-port.ts";
export { type HardhatNode, type HardhatNodeOptions, startHardhatNode } from "./hardhat-node.ts";
export { REDIS_SERVER, type RedisOptions, type RedisServer, startRedis } from "./redis-server.ts";
export { type Service, type ServiceOptions, ServiceStartError, startService } from "./service.ts";
export { DEPLOYER_KEY, RELAYER_KEY } from "./test-accounts.ts";
export { workspaceRoot } from "./workspace.ts";
