import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../kernel/deps.ts';
import { contextOf } from '../../kernel/http/request-context.ts';
import { IdParams, problemResponses } from '../../kernel/http/schemas.ts';
import { ApplyCredit, CreatePayment, Payment, PaymentList, PaymentListQuery, RefundPayment } from './payments.schemas.ts';
import { getPayment, listPayments } from './payments.service.ts';
import { recordPayment } from './record-payment.ts';
import { refundPayment } from './refund-payment.ts';
import { applyCredit } from './apply-credit.ts';

const tags = ['Payments'];

/** Routes for payments, refunds and applied customer credit. Reads: viewer; moving money: accountant. */
export function registerPaymentRoutes(app: FastifyInstance, deps: AppDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/payments',
    {
      config: { requires: 'viewer' },
      schema: {
        tags,
        summary: 'Payment history, newest payment date first (filter by invoice_id, customer_id, from/to payment date)',
        querystring: PaymentListQuery,
        response: { 200: PaymentList, ...problemResponses(401, 422) },
      },
    },
    async (request) => listPayments(contextOf(request, deps), request.query),
  );

  api.post(
    '/payments',
    {
      config: { requires: 'accountant' },
      schema: {
        tags,
        summary: 'Record a payment on a finalized invoice (more than the amount due only with allow_overpayment)',
        body: CreatePayment,
        response: { 201: Payment, ...problemResponses(401, 403, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await recordPayment(contextOf(request, deps), request.body)),
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
