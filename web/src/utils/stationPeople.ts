// A station's villages (its township's) and the workers who may be
// responsible for its clients: what the client form and the client list
// offer once a station is known.
import { http } from '@/api/http';
import type { Station } from '@/api/types';

export interface VillageRef { code: string; name: string }
export interface WorkerRef { id: number; name: string }

export async function stationPeople(s: Station): Promise<{ villages: VillageRef[]; workers: WorkerRef[] }> {
  const [v, w] = await Promise.all([
    s.region_code.length === 9 ? http.get<{ items: VillageRef[] }>('/regions', { parent: s.region_code, limit: 200 }).catch(() => null) : null,
    http.get<{ items: WorkerRef[] }>(`/stations/${s.id}/staff`).catch(() => null),
  ]);
  return { villages: v?.items || [], workers: w?.items || [] };
}
