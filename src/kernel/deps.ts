/**
 * What the composition root (server/) hands every module: the database, the clock and the
 * configuration. Modules depend on this shape, never on the server that builds it.
 */
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { Clock } from '../shared/clock.ts';
import type { EInvoicing } from './einvoicing.ts';
import type { GatewayRefunds } from './gateways.ts';
import type { SecretBox } from './secret-box.ts';

/**
 * Fault injection for tests only (never set in production): called in onSend around the
 * commit of an idempotent request, they may throw — after destroying the socket — to play a
 * process killed at that moment.
 */
export interface IdempotencyFaults {
  /** The effect and the response are written, not committed. */
  beforeCommit?: (request: FastifyRequest) => void | Promise<void>;
  /** Committed, the response not sent yet. */
  afterCommit?: (request: FastifyRequest) => void | Promise<void>;
}

export interface AppDeps {
  db: Db;
  clock: Clock;
  config: Config;
  /** Fault injection for tests only (a process killed around a commit); never set in production. */
  faults?: { idempotency?: IdempotencyFaults };
  /** Seals and opens stored secrets (gateway keys); buildApp opens it from the configuration when not given. */
  secrets?: SecretBox;
  /** Refunds through a payment gateway (set by buildApp from modules/payment-gateways). */
  gatewayRefunds?: GatewayRefunds;
  /** E-invoice checks before finalizing and attachments when sending (set by buildApp from modules/einvoices). */
  einvoicing?: EInvoicing;
}
