import type { FastifyInstance } from 'fastify';
import type { FastifyValidationResult } from 'fastify/types/schema.js';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import {
  ApplyCredit,
  CreateCustomerPayment,
  CreatePayment,
  CreatePaymentRequest,
  CustomerPayment,
  Payment,
  PaymentList,
  PaymentListQuery,
  PaymentTarget,
  RefundPayment,
} from './payments.schemas.ts';
import { getPayment, listPayments, sendPaymentsCsv } from './payments.service.ts';
import { recordPayment } from './record-payment.ts';
import { recordCustomerPayment } from './record-customer-payment.ts';
import { refundPayment } from './refund-payment.ts';
import { applyCredit } from './apply-credit.ts';

const tags = ['Payments'];

/**
 * The body of POST /payments is a union (documented as such), validated in two steps so that
 * every problem names a real field: which form it is (exactly one of invoice_id and
 * customer_id), then that form's own schema.
 */
const validateCreatePayment: FastifyValidationResult = (data) => {
  const compile = (schema: z.ZodType) => validatorCompiler({ schema, method: 'POST', url: '/payments', httpPart: 'body' });
  const target = compile(PaymentTarget)(data);
  if (typeof target === 'object' && 'error' in target && target.error) return target;
  const form = (data as { customer_id?: unknown }).customer_id !== undefined ? CreateCustomerPayment : CreatePayment;
  return compile(form)(data);
};

/** Routes for payments, refunds and applied customer credit. Reads: viewer; moving money: accountant. */
export function registerPaymentRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/payments',
    {
      config: { requires: 'viewer' },
      schema: {
        tags,
        summary: 'Payment history, newest payment date first or by ?sort= (filter by invoice_id, customer_id, currency, method, q, from/to payment date, ids); ?format=csv exports every match',
        querystring: PaymentListQuery,
        response: { 200: PaymentList, ...problemResponses(401, 422) },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request, deps);
      if (request.query.format === 'csv') return sendPaymentsCsv(ctx, request, reply, request.query);
      return listPayments(ctx, request.query);
    },
  );

  api.post(
    '/payments',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary:
          'Record a payment: on one finalized invoice (invoice_id; more than the amount due only with allow_overpayment), ' +
          "or one payment over a customer's open invoices (customer_id; oldest due first unless allocated; the rest becomes customer credit)",
        body: CreatePaymentRequest,
        response: { 201: z.union([Payment, CustomerPayment]), ...problemResponses(401, 403, 409, 422) },
      },
      // The route has a body and nothing else to validate (no params, no query string).
      validatorCompiler: () => validateCreatePayment,
    },
    async (request, reply) => {
      const ctx = contextOf(request, deps);
      const body = request.body;
      return reply.code(201).send('customer_id' in body ? await recordCustomerPayment(ctx, body) : await recordPayment(ctx, body));
    },
  );

  api.get(
    '/payments/:id',
    {
      config: { requires: 'viewer' },
      schema: { tags, summary: 'Get a payment with its refunds', params: IdParams, response: { 200: Payment, ...problemResponses(401, 404) } },
    },
    async (request) => getPayment(contextOf(request, deps), request.params.id),
  );

  api.post(
    '/payments/:id/refund',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: 'Refund (part of) a payment: its excess held as customer credit first, then what it paid on the invoice',
        params: IdParams,
        body: RefundPayment,
        response: { 200: Payment, ...problemResponses(401, 403, 404, 409, 422, 502) },
      },
    },
    // 200 with the payment (its refunds and refunded_amount updated), the resource the client holds.
    async (request) => refundPayment(contextOf(request, deps), request.params.id, request.body, { gateways: deps.gatewayRefunds }),
  );

  api.post(
    '/invoices/:id/apply-credit',
    {
      config: { requires: 'accountant' },
      schema: {
        tags: ['Payments', 'Invoices'],
        summary: "Apply the customer's credit to an open invoice (default: as much as both allow); recorded as a payment",
        params: IdParams,
        body: ApplyCredit,
        response: { 201: Payment, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await applyCredit(contextOf(request, deps), request.params.id, request.body)),
  );
}
