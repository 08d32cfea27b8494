#include "dictionary.h"

#include <string.h>

#include "../store/dictionary_store.h"

static const struct fixed_item data_ranges[] = {
    {"all", "全部数据", "All"},
    {"region", "本区划及以下", "This region and below"},
    {"stations", "指定站点", "Listed stations"},
    {"self", "仅本人", "Own records only"},
    {NULL, NULL, NULL},
};

static const struct fixed_item user_statuses[] = {
    {"active", "正常", "Active"},
    {"locked", "锁定", "Locked"},
    {"disabled", "停用", "Disabled"},
    {NULL, NULL, NULL},
};

static const struct fixed_item station_statuses[] = {
    {"active", "运行中", "Active"},
    {"inactive", "已停用", "Inactive"},
    {NULL, NULL, NULL},
};

static const struct fixed_item region_levels[] = {
    {"province", "省", "Province"}, {"city", "市", "City"},
    {"county", "县(区)", "County"}, {"township", "乡镇(街道)", "Township"},
    {"village", "村(社区)", "Village"}, {NULL, NULL, NULL},
};

static const struct fixed_item facility_groups[] = {
    {"premises", "场地", "Premises"}, {"equipment", "设备", "Equipment"},
    {"rules", "制度", "Rules"},       {"signage", "标识", "Signage"},
    {"staff", "人员", "Staff"},       {NULL, NULL, NULL},
};

const struct fixed_list dictionary_fixed[] = {
    {"data_range", data_ranges},
    {"user_status", user_statuses},
    {"station_status", station_statuses},
    {"region_level", region_levels},
    {"facility_group", facility_groups},
    {NULL, NULL},
};

static const char *const editable[] = {"client_category", "service_area",
                                       NULL};

bool dictionary_editable(const char *kind)
{
    for (const char *const *k = editable; *k; k++) {
        if (strcmp(*k, kind) == 0) {
            return true;
        }
    }
    return false;
}

static int seed_list(struct db *db, const char *kind,
                     const struct profile_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct dictionary_item it = {
            .kind = kind,
            .code = items[i].code,
            .label = items[i].label,
            .label_en = items[i].label_en,
            .sort_order = (int64_t)(i + 1) * 10,
            .source = "profile",
            .active = true,
        };
        int rc = dictionary_store_insert(db, &it, true);
        if (rc != DB_OK) {
            return rc;
        }
    }
    return DB_OK;
}

int dictionary_seed(struct db *db, const struct profile *p)
{
    int rc = seed_list(db, "client_category", p->client_categories,
                       p->n_client_categories);
    if (rc == DB_OK) {
        rc = seed_list(db, "service_area", p->service_areas,
                       p->n_service_areas);
    }
    return rc;
}
