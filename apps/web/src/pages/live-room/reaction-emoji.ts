/** How each default reaction type looks; a type a deployment added shows as its name. */
const emojiByType: Record<string, string> = {
  like: '👍',
  love: '😍',
  heart: '❤️',
  fire: '🔥',
  clap: '👏',
  laugh: '😂',
  wow: '😮',
  sad: '😢',
};

export function reactionEmoji(type: string): string {
  return emojiByType[type] ?? type;
}
