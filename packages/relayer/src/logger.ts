// Structured logs (pino). What we log about a withdrawal is its job id (the nullifier hash) and
// pool; what we log about HTTP is method, route, status and time. Client addresses are never
// logged, so no line can tie an IP to a nullifier or a recipient. The signing key is not in
// any object we log; `redact` is a second guard should one ever be passed by mistake.
import { pino, type Logger } from "pino";

/** @example const log = createLogger("info", "relayer-api"); */
export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: { paths: ["key", "privateKey", "*.key", "*.privateKey", "req.ip", "req.ips", "req.remoteAddress", "ip"], censor: "[redacted]" },
  });
}
