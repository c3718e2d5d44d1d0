export {
  type CommitContext,
  type GroupCommitOptions,
  type GroupCommitStats,
  GroupCommitWriter,
  type WriteRefusal,
  WriteRefusedError,
} from './group-commit-writer.ts';
