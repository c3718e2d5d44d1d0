/** What a person is called in the room (chat, lists): their name, else their username, else "Viewer". */
export function displayNameOf(person: { name: string | null; username: string | null }): string {
  return person.name ?? person.username ?? 'Viewer';
}
