import { guardOutboundNetwork } from './common/src/testing/network-guard.ts';

guardOutboundNetwork();
