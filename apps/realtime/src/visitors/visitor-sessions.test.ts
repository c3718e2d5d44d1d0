import { describeVisitorLiveStateContract } from './visitor-live-state.contract.ts';
import { localVisitorState } from './visitor-live-state.ts';
import { VisitorSessions } from './visitor-sessions.ts';

describeVisitorLiveStateContract('VisitorSessions (this node’s memory)', {
  create: (options) => localVisitorState(new VisitorSessions(options)),
});
