import type { Router } from 'express';
import type { PartnershipModels } from '../../core/models/types.js';
import { compareBody, parseBody, recommendBody } from './schemas.js';

/** Partnership models under /api: GET /models, POST /compare, POST /recommend. */
export function mountModelsApi(router: Router, models: PartnershipModels): void {
  router.get('/models', async (_req, res) => {
    res.json(await models.list());
  });
  router.post('/compare', async (req, res) => {
    const body = parseBody(compareBody, req.body, '{"models": ["joint venture", "licensing"]}');
    res.json(await models.compare(body.models, { channel: 'web' }));
  });
  router.post('/recommend', async (req, res) => {
    const body = parseBody(
      recommendBody,
      req.body,
      '{"situation": "We have a proprietary vision model and want a retailer\'s data without giving up our IP."}',
    );
    res.json(await models.recommend(body.situation, { channel: 'web' }));
  });
}
