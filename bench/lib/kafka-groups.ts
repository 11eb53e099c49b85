/** Consumer groups on the shared broker that would compete with a bench for its input. */
import { AssignerProtocol, type Kafka } from 'kafkajs';

/** Stable groups (other than the bench's) with members assigned partitions of `topic`. */
export async function foreignConsumers(
  kafka: Kafka,
  topic: string,
  exclude: ReadonlySet<string> = new Set(),
): Promise<Array<{ group: string; members: number }>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    if (groups.length === 0) return [];
    const described = await admin.describeGroups(groups.map((g) => g.groupId));
    const found: Array<{ group: string; members: number }> = [];
    for (const g of described.groups) {
      if (g.state !== 'Stable' || exclude.has(g.groupId)) continue;
      const members = g.members.filter((m) => {
        try {
          const assignment = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
          return assignment !== null && topic in assignment.assignment;
        } catch {
          return false;
        }
      });
      if (members.length > 0) found.push({ group: g.groupId, members: members.length });
    }
    return found;
  } finally {
    await admin.disconnect();
  }
}
