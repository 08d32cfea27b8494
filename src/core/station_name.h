/* A station's default name from its type's signage pattern, e.g.
 * "{county}{township}社会工作服务站" → 攸县酒埠江镇社会工作服务站. */
#ifndef SGZ_STATION_NAME_H
#define SGZ_STATION_NAME_H
#include "../util/arena.h"

enum { NAME_PROVINCE, NAME_CITY, NAME_COUNTY, NAME_TOWNSHIP, NAME_VILLAGE,
       NAME_LEVELS };

/* names[] holds the names of the station's region and its ancestors by
 * level (NULL where there is none); a placeholder with no name becomes
 * empty. The result lives in the arena. */
char *station_name_render(struct arena *a, const char *pattern,
                          const char *const names[NAME_LEVELS]);

#endif
