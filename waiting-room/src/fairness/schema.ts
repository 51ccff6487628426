export { fairnessRecordSchema, type FairnessRecord } from '@ticketing/common/contracts/fairness';
