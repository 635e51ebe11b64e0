import { AppError } from '../errors.js';
import type { PartnershipModels } from './types.js';

/** Placeholder until the catalog-backed implementation lands (issue: partnership model comparisons). */
export const pendingModels: PartnershipModels = {
  list: () => Promise.reject(notYet()),
  compare: () => Promise.reject(notYet()),
  recommend: () => Promise.reject(notYet()),
};

function notYet(): AppError {
  return new AppError('internal', 'Partnership model comparisons are coming soon. Ask a question instead.');
}
