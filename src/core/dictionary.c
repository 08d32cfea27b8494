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

/* The 56 民族 with their GB/T 3304 codes. */
static const struct fixed_item ethnicities[] = {
    {"01", "汉族", "Han"},
    {"02", "蒙古族", "Mongol"},
    {"03", "回族", "Hui"},
    {"04", "藏族", "Tibetan"},
    {"05", "维吾尔族", "Uyghur"},
    {"06", "苗族", "Miao"},
    {"07", "彝族", "Yi"},
    {"08", "壮族", "Zhuang"},
    {"09", "布依族", "Buyei"},
    {"10", "朝鲜族", "Korean"},
    {"11", "满族", "Manchu"},
    {"12", "侗族", "Dong"},
    {"13", "瑶族", "Yao"},
    {"14", "白族", "Bai"},
    {"15", "土家族", "Tujia"},
    {"16", "哈尼族", "Hani"},
    {"17", "哈萨克族", "Kazakh"},
    {"18", "傣族", "Dai"},
    {"19", "黎族", "Li"},
    {"20", "傈僳族", "Lisu"},
    {"21", "佤族", "Va"},
    {"22", "畲族", "She"},
    {"23", "高山族", "Gaoshan"},
    {"24", "拉祜族", "Lahu"},
    {"25", "水族", "Sui"},
    {"26", "东乡族", "Dongxiang"},
    {"27", "纳西族", "Nakhi"},
    {"28", "景颇族", "Jingpo"},
    {"29", "柯尔克孜族", "Kyrgyz"},
    {"30", "土族", "Tu"},
    {"31", "达斡尔族", "Daur"},
    {"32", "仫佬族", "Mulao"},
    {"33", "羌族", "Qiang"},
    {"34", "布朗族", "Blang"},
    {"35", "撒拉族", "Salar"},
    {"36", "毛南族", "Maonan"},
    {"37", "仡佬族", "Gelao"},
    {"38", "锡伯族", "Xibe"},
    {"39", "阿昌族", "Achang"},
    {"40", "普米族", "Pumi"},
    {"41", "塔吉克族", "Tajik"},
    {"42", "怒族", "Nu"},
    {"43", "乌孜别克族", "Uzbek"},
    {"44", "俄罗斯族", "Russian"},
    {"45", "鄂温克族", "Evenki"},
    {"46", "德昂族", "De'ang"},
    {"47", "保安族", "Bonan"},
    {"48", "裕固族", "Yugur"},
    {"49", "京族", "Gin"},
    {"50", "塔塔尔族", "Tatar"},
    {"51", "独龙族", "Derung"},
    {"52", "鄂伦春族", "Oroqen"},
    {"53", "赫哲族", "Hezhen"},
    {"54", "门巴族", "Monba"},
    {"55", "珞巴族", "Lhoba"},
    {"56", "基诺族", "Jino"},
    {NULL, NULL, NULL},
};

static const struct fixed_item sexes[] = {
    {"M", "男", "Male"},
    {"F", "女", "Female"},
    {NULL, NULL, NULL},
};

static const struct fixed_item client_statuses[] = {
    {"active", "在册", "Active"},
    {"moved", "迁出", "Moved away"},
    {"deceased", "死亡", "Deceased"},
    {"closed", "注销", "Closed"},
    {"merged", "已合并", "Merged"},
    {NULL, NULL, NULL},
};

static const struct fixed_item self_care_levels[] = {
    {"full", "完全自理", "Fully independent"},
    {"partial", "部分自理", "Partly dependent"},
    {"none", "完全不能自理", "Fully dependent"},
    {NULL, NULL, NULL},
};

static const struct fixed_item living_arrangements[] = {
    {"alone", "独居", "Living alone"},
    {"spouse", "与配偶同住", "With spouse"},
    {"children", "与子女同住", "With children"},
    {"relatives", "与其他亲属同住", "With other relatives"},
    {"institution", "入住机构", "In an institution"},
    {"other", "其他", "Other"},
    {NULL, NULL, NULL},
};

static const struct fixed_item risk_levels[] = {
    {"low", "低", "Low"},
    {"medium", "中", "Medium"},
    {"high", "高", "High"},
    {NULL, NULL, NULL},
};

/* For a child under 14 (PIPL art. 31 and 13(3)). */
static const struct fixed_item lawful_bases[] = {
    {"guardian_consent", "监护人同意", "Guardian's consent"},
    {"statutory_duty", "履行法定职责", "Statutory duty"},
    {NULL, NULL, NULL},
};

static const struct fixed_item statutory_duties[] = {
    {"dibao_check", "低保核查", "Minimum-living-allowance check"},
    {"tekun_check", "特困供养核查", "Extreme-poverty support check"},
    {"child_protection", "儿童保护走访", "Child-protection visit"},
    {"other", "其他法定职责", "Other statutory duty"},
    {NULL, NULL, NULL},
};

static const struct fixed_item consent_methods[] = {
    {"written", "书面同意", "In writing"},
    {"verbal", "口头同意(已记录)", "Verbally, recorded"},
    {"electronic", "电子签名", "Electronic signature"},
    {NULL, NULL, NULL},
};

static const struct fixed_item guardian_relations[] = {
    {"father", "父亲", "Father"},
    {"mother", "母亲", "Mother"},
    {"grandparent", "祖父母/外祖父母", "Grandparent"},
    {"sibling", "兄弟姐妹", "Sibling"},
    {"relative", "其他亲属", "Other relative"},
    {"bureau", "民政部门(国家监护)", "Civil affairs bureau (state guardianship)"},
    {"other", "其他", "Other"},
    {NULL, NULL, NULL},
};

static const struct fixed_item household_relations[] = {
    {"head", "户主", "Head"},
    {"spouse", "配偶", "Spouse"},
    {"child", "子女", "Child"},
    {"child_in_law", "儿媳/女婿", "Child-in-law"},
    {"grandchild", "孙子女/外孙子女", "Grandchild"},
    {"parent", "父母", "Parent"},
    {"grandparent", "祖父母/外祖父母", "Grandparent"},
    {"sibling", "兄弟姐妹", "Sibling"},
    {"other", "其他", "Other"},
    {NULL, NULL, NULL},
};


/* Service records (服务记录) and the home-visit form (入户走访). */
static const struct fixed_item service_types[] = {
    {"consultation", "咨询", "Consultation"},
    {"home_visit", "入户走访", "Home visit"},
    {"casework", "个案服务", "Casework"},
    {"group_session", "小组活动", "Group session"},
    {"activity", "社区活动", "Community activity"},
    {"crisis", "危机介入", "Crisis intervention"},
    {"resource_link", "资源链接", "Resource link"},
    {"publicity", "政策宣传", "Policy publicity"},
    {NULL, NULL, NULL},
};

static const struct fixed_item satisfactions[] = {
    {"very_satisfied", "非常满意", "Very satisfied"},
    {"satisfied", "满意", "Satisfied"},
    {"neutral", "一般", "Neutral"},
    {"dissatisfied", "不满意", "Dissatisfied"},
    {NULL, NULL, NULL},
};

static const struct fixed_item resource_kinds[] = {
    {"money", "资金", "Money"},
    {"goods", "物资", "Goods"},
    {"service", "服务", "Service"},
    {NULL, NULL, NULL},
};

static const struct fixed_item visit_purposes[] = {
    {"routine", "常规走访", "Routine visit"},
    {"dibao_check", "低保核查", "Minimum-living-allowance check"},
    {"tekun_check", "特困核查", "Extreme-poverty support check"},
    {"child_followup", "儿童跟进", "Child follow-up"},
    {"elderly_check", "老人探访", "Elderly welfare check"},
    {"disability_check", "残疾人探访", "Disability welfare check"},
    {"other", "其他", "Other"},
    {NULL, NULL, NULL},
};

static const struct fixed_item income_sources[] = {
    {"wage", "工资性收入", "Wages"},
    {"business", "经营净收入", "Business income"},
    {"agriculture", "农业生产收入", "Farming income"},
    {"property", "财产净收入", "Property income"},
    {"transfer", "转移净收入", "Transfers"},
    {"pension", "养老金", "Pension"},
    {"other", "其他收入", "Other income"},
    {NULL, NULL, NULL},
};

static const struct fixed_item asset_kinds[] = {
    {"house", "房产", "Housing"},
    {"vehicle", "车辆", "Vehicle"},
    {"deposit", "存款", "Deposits"},
    {"securities", "有价证券", "Securities"},
    {"business", "经营性资产", "Business assets"},
    {"other", "其他", "Other"},
    {NULL, NULL, NULL},
};

static const struct fixed_item expense_kinds[] = {
    {"medical", "医疗支出", "Medical"},
    {"education", "教育支出", "Education"},
    {"disability", "残疾康复支出", "Disability and rehabilitation"},
    {"other", "其他刚性支出", "Other necessary expenses"},
    {NULL, NULL, NULL},
};

static const struct fixed_item housing_types[] = {
    {"own", "自有住房", "Own home"},
    {"rented", "租房", "Rented"},
    {"borrowed", "借住", "Lodging with others"},
    {"institution", "机构", "Institution"},
    {"none", "无固定住所", "No fixed home"},
    {NULL, NULL, NULL},
};

static const struct fixed_item housing_conditions[] = {
    {"good", "良好", "Good"},
    {"fair", "一般", "Fair"},
    {"poor", "较差", "Poor"},
    {"unsafe", "危房", "Unsafe"},
    {NULL, NULL, NULL},
};

/* The household survey's 身体状况, 就业 and 困难类型及程度: what the
 * plans ask a 家计调查 to establish besides income (原州区: 居住条件、
 * 身体状况及家庭成员的就业、收入、困难类型及程度). */
static const struct fixed_item member_healths[] = {
    {"healthy", "健康", "Healthy"},
    {"chronic", "慢性病", "Chronic illness"},
    {"serious", "重大疾病", "Serious illness"},
    {"disabled", "残疾", "Disabled"},
    {"frail", "年老体弱", "Frail with age"},
    {NULL, NULL, NULL},
};

static const struct fixed_item member_works[] = {
    {"employed", "务工或在职", "Employed"},
    {"farming", "务农", "Farming"},
    {"flexible", "灵活就业", "Casual work"},
    {"unemployed", "失业（有劳动能力）", "Unemployed, able to work"},
    {"unable", "无劳动能力", "Unable to work"},
    {"student", "在校学生", "Student"},
    {"preschool", "学龄前儿童", "Pre-school child"},
    {"retired", "离退休", "Retired"},
    {NULL, NULL, NULL},
};

static const struct fixed_item hardship_kinds[] = {
    {"illness", "因病", "Illness"},
    {"disability", "因残", "Disability"},
    {"schooling", "因学", "School costs"},
    {"disaster", "因灾", "Disaster"},
    {"accident", "因意外事故", "Accident"},
    {"no_labour", "缺劳动力", "No one able to work"},
    {"unemployment", "因失业", "Unemployment"},
    {"other", "其他", "Other"},
    {NULL, NULL, NULL},
};

static const struct fixed_item hardship_degrees[] = {
    {"mild", "一般", "Mild"},
    {"heavy", "较重", "Heavy"},
    {"severe", "严重", "Severe"},
    {NULL, NULL, NULL},
};

static const struct fixed_item visit_conclusions[] = {
    {"eligible", "符合条件", "Eligible"},
    {"ineligible", "不符合条件", "Not eligible"},
    {"review", "需进一步核实", "Needs further review"},
    {NULL, NULL, NULL},
};

/* The crisis intervention form (危机介入记录): what happened, how grave,
 * what was done and with whom (the 危机处理小组 works with the village
 * committee, the police and others), and whether it was resolved
 * (化解), which the plans count. */
static const struct fixed_item crisis_kinds[] = {
    {"family_conflict", "家庭矛盾纠纷", "Family conflict"},
    {"domestic_violence", "家庭暴力", "Domestic violence"},
    {"self_harm", "自伤自杀风险", "Risk of self-harm or suicide"},
    {"missing", "走失失联", "Missing person"},
    {"accident_illness", "意外伤害或突发疾病", "Accident or sudden illness"},
    {"no_livelihood", "生活无着", "Left without means"},
    {"no_carer", "监护照料缺失", "Left without a carer"},
    {"mental_health", "心理危机", "Mental health crisis"},
    {"disaster", "灾害或突发事件", "Disaster or emergency"},
    {"other", "其他", "Other"},
    {NULL, NULL, NULL},
};

static const struct fixed_item crisis_partners[] = {
    {"village_committee", "村(居)委会", "Village or residents' committee"},
    {"police", "公安派出所", "Police"},
    {"medical", "医疗机构", "Medical services"},
    {"civil_affairs", "民政部门", "Civil affairs"},
    {"womens_federation", "妇联", "Women's federation"},
    {"school", "学校", "School"},
    {"property", "物业", "Property management"},
    {"family", "家属或监护人", "Family or guardian"},
    {"other", "其他", "Other"},
    {NULL, NULL, NULL},
};

static const struct fixed_item crisis_results[] = {
    {"resolved", "已化解", "Resolved"},
    {"stabilised", "暂时稳定，需跟进", "Stabilised, needs follow-up"},
    {"referred", "已转介", "Referred"},
    {"ongoing", "仍在处置", "Still being handled"},
    {NULL, NULL, NULL},
};

/* Cases (个案). */
static const struct fixed_item case_stages[] = {
    {"intake", "接案", "Intake"},
    {"assessment", "预估", "Assessment"},
    {"planning", "服务计划", "Planning"},
    {"intervention", "介入", "Intervention"},
    {"evaluation", "评估", "Evaluation"},
    {"closed", "结案", "Closed"},
    {NULL, NULL, NULL},
};

static const struct fixed_item case_sources[] = {
    {"walk_in", "主动求助", "Walk-in"},
    {"referral", "转介", "Referral"},
    {"visit", "走访发现", "Found on a visit"},
    {"grid_report", "网格员报告", "Grid worker's report"},
    {"hotline", "热线", "Hotline"},
    {"other", "其他", "Other"},
    {NULL, NULL, NULL},
};

static const struct fixed_item need_domains[] = {
    {"livelihood", "基本生活", "Basic living"},
    {"health", "身体健康", "Physical health"},
    {"mental", "心理情绪", "Mental and emotional"},
    {"family", "家庭关系", "Family relations"},
    {"education", "教育学习", "Education"},
    {"safety", "安全保护", "Safety and protection"},
    {"social", "社会融入", "Social inclusion"},
    {"employment", "就业", "Employment"},
    {"legal", "法律事务", "Legal matters"},
    {"other", "其他", "Other"},
    {NULL, NULL, NULL},
};

static const struct fixed_item goal_attainments[] = {
    {"achieved", "已达成", "Achieved"},
    {"partly", "部分达成", "Partly achieved"},
    {"not_achieved", "未达成", "Not achieved"},
    {NULL, NULL, NULL},
};

static const struct fixed_item closure_reasons[] = {
    {"goals_met", "服务目标达成", "Goals met"},
    {"client_declined", "服务对象不再接受服务", "Client declined further service"},
    {"moved", "服务对象迁出", "Client moved away"},
    {"deceased", "服务对象去世", "Client deceased"},
    {"referred", "已转介其他机构", "Referred elsewhere"},
    {"no_contact", "失去联系", "Contact lost"},
    {"other", "其他", "Other"},
    {NULL, NULL, NULL},
};

static const struct fixed_item case_event_kinds[] = {
    {"opened", "接案", "Opened"},
    {"assessment", "完成预估", "Assessed"},
    {"plan_submitted", "提交服务计划", "Plan submitted"},
    {"plan_approved", "督导批准服务计划", "Plan approved"},
    {"plan_returned", "督导退回服务计划", "Plan returned"},
    {"evaluation", "完成评估", "Evaluated"},
    {"closure_requested", "申请结案", "Closure requested"},
    {"closure_approved", "督导批准结案", "Closure approved"},
    {"closure_returned", "督导退回结案申请", "Closure returned"},
    {"transfer_requested", "发起移交", "Transfer offered"},
    {"transfer_accepted", "接受移交", "Transfer accepted"},
    {"transfer_declined", "拒绝移交", "Transfer declined"},
    {"transfer_withdrawn", "撤回移交", "Transfer withdrawn"},
    {"reopened", "重新开案", "Reopened"},
    {"referred", "转介", "Referred"},
    {"referral_outcome", "转介结果", "Referral outcome"},
    {NULL, NULL, NULL},
};

static const struct fixed_item survey_methods[] = {
    {"questionnaire", "问卷调查", "Questionnaire"},
    {"interview", "个别访谈", "Interviews"},
    {"home_visit", "入户走访", "Home visits"},
    {"meeting", "座谈会", "Group discussion"},
    {"other", "其他", "Other"},
    {NULL, NULL, NULL},
};

static const struct fixed_item plan_statuses[] = {
    {"draft", "草稿", "Draft"},
    {"submitted", "已提交", "Submitted"},
    {NULL, NULL, NULL},
};

/* Organisations (承接机构). Ratings are the civil affairs' 社会组织评估等级. */
static const struct fixed_item org_ratings[] = {
    {"5A", "5A级", "5A"},
    {"4A", "4A级", "4A"},
    {"3A", "3A级", "3A"},
    {"2A", "2A级", "2A"},
    {"1A", "1A级", "1A"},
    {"none", "未评估", "Not rated"},
    {NULL, NULL, NULL},
};

static const struct fixed_item org_statuses[] = {
    {"active", "正常", "Active"},
    {"suspended", "暂停承接", "Suspended"},
    {"deregistered", "已注销", "Deregistered"},
    {NULL, NULL, NULL},
};

/* DESIGN.md §6; 项目评审会 from 福建 (篇5). */
static const struct fixed_item procurements[] = {
    {"open_tender", "公开招标", "Open tender"},
    {"invited_tender", "邀请招标", "Invited tender"},
    {"competitive_negotiation", "竞争性谈判", "Competitive negotiation"},
    {"competitive_consultation", "竞争性磋商", "Competitive consultation"},
    {"single_source", "单一来源采购", "Single source"},
    {"project_review", "项目评审会", "Project review meeting"},
    {NULL, NULL, NULL},
};

static const struct fixed_item contract_statuses[] = {
    {"active", "履行中", "Active"},
    {"terminated", "已终止", "Terminated"},
    {NULL, NULL, NULL},
};

/* What is filed (备案), from the plans (docs/profiles.md, Contracts). */
static const struct fixed_item filing_kinds[] = {
    {"contract_copy", "服务协议副本", "Contract copy"},
    {"county_plan", "县级年度实施计划", "County annual implementation plan"},
    {"org_work_plan", "承接机构年度工作计划", "Organisation's annual work plan"},
    {"recruitment_plan", "人员招聘方案", "Recruitment plan"},
    {"training_plan", "培训计划", "Training plan"},
    {NULL, NULL, NULL},
};

static const struct fixed_item work_plan_kinds[] = {
    {"org_work_plan", "承接机构年度工作计划", "Organisation's annual work plan"},
    {"county_plan", "县级年度实施计划", "County annual implementation plan"},
    {NULL, NULL, NULL},
};

/* Money and payments (资金与拨付, issue 7). The social-assistance special
 * fund's two parts are sources of their own (攸县 counts exactly those
 * two); money_source_within() knows the parent. */
static const struct fixed_item fund_sources[] = {
    {"social_assistance", "社会救助专项资金", "Social assistance special fund"},
    {"hardship_relief", "困难群众救助(补助)资金",
     "Relief for people in hardship"},
    {"medical_relief", "城乡医疗救助资金", "Urban and rural medical relief"},
    {"assistance_work", "社会救助工作经费", "Social assistance work funds"},
    {"welfare_lottery", "福彩公益金", "Welfare lottery fund"},
    {"fiscal_budget", "财政预算", "Fiscal budget"},
    {"higher_subsidy", "上级补助", "Higher-level subsidy"},
    {"social_funds", "社会资金", "Social (charitable) funds"},
    {NULL, NULL, NULL},
};

/* Personnel first (人员费用), then operations (运营费用). */
static const struct fixed_item expense_categories[] = {
    {"wage", "工资", "Wages"},
    {"bonus", "奖金", "Bonuses"},
    {"social_insurance", "社会保险", "Social insurance"},
    {"income_tax", "个人所得税", "Income tax"},
    {"supervision", "督导", "Supervision"},
    {"training", "培训", "Training"},
    {"activity_materials", "活动物资", "Activity materials"},
    {"transport", "交通", "Transport"},
    {"office", "办公", "Office"},
    {"management_fee", "管理费", "Management fee"},
    {"evaluation", "评估", "Evaluation"},
    {"other", "其他", "Other"},
    {NULL, NULL, NULL},
};

static const struct fixed_item evaluation_kinds[] = {
    {"midterm", "中期评估", "Mid-term evaluation"},
    {"final", "终期评估", "Final evaluation"},
    {"annual", "年度评估", "Annual evaluation"},
    {NULL, NULL, NULL},
};

static const struct fixed_item evaluation_grades[] = {
    {"excellent", "优秀", "Excellent"},
    {"good", "良好", "Good"},
    {"pass", "合格", "Pass"},
    {"fail", "不合格", "Fail"},
    {NULL, NULL, NULL},
};

static const struct fixed_item acceptance_results[] = {
    {"passed", "验收合格", "Accepted"},
    {"failed", "验收不合格", "Not accepted"},
    {NULL, NULL, NULL},
};

/* In the order they happen. */
static const struct fixed_item payment_triggers[] = {
    {"signing", "协议签订", "Signing"},
    {"effective", "协议生效", "Taking effect"},
    {"midterm_passed", "中期评估合格", "Mid-term evaluation passed"},
    {"final_passed", "终期评估合格", "Final evaluation passed"},
    {NULL, NULL, NULL},
};

static const struct fixed_item payment_statuses[] = {
    {"planned", "计划", "Planned"},
    {"due", "应付", "Due"},
    {"paid", "已拨付", "Paid"},
    {"withheld", "暂缓拨付", "Withheld"},
    {NULL, NULL, NULL},
};

/* Staff (社工). Education and certificate levels in ascending order: the
 * rules compare positions. */
static const struct fixed_item staff_roles[] = {
    {"resident", "驻站社工", "Resident social worker"},
    {"project", "项目社工", "Project social worker"},
    {"supervisor", "督导", "Supervisor"},
    {NULL, NULL, NULL},
};

static const struct fixed_item staff_statuses[] = {
    {"active", "在职", "Employed"},
    {"left", "离职", "Left"},
    {NULL, NULL, NULL},
};

static const struct fixed_item educations[] = {
    {"junior_high", "初中及以下", "Junior high school or less"},
    {"senior_high", "高中/中专", "Senior high or vocational school"},
    {"junior_college", "大专", "Junior college"},
    {"bachelor", "本科", "Bachelor's degree"},
    {"master", "硕士研究生", "Master's degree"},
    {"doctor", "博士研究生", "Doctorate"},
    {NULL, NULL, NULL},
};

static const struct fixed_item certificate_levels[] = {
    {"none", "未取得", "None"},
    {"assistant", "助理社会工作师", "Assistant social worker"},
    {"intermediate", "社会工作师", "Social worker (intermediate)"},
    {"senior", "高级社会工作师", "Senior social worker"},
    {NULL, NULL, NULL},
};

const struct fixed_list dictionary_fixed[] = {
    {"data_range", data_ranges},
    {"user_status", user_statuses},
    {"station_status", station_statuses},
    {"region_level", region_levels},
    {"facility_group", facility_groups},
    {"ethnicity", ethnicities},
    {"sex", sexes},
    {"client_status", client_statuses},
    {"self_care", self_care_levels},
    {"living", living_arrangements},
    {"risk_level", risk_levels},
    {"lawful_basis", lawful_bases},
    {"statutory_duty", statutory_duties},
    {"consent_method", consent_methods},
    {"guardian_relation", guardian_relations},
    {"household_relation", household_relations},
    {"service_type", service_types},
    {"satisfaction", satisfactions},
    {"resource_kind", resource_kinds},
    {"visit_purpose", visit_purposes},
    {"income_source", income_sources},
    {"asset_kind", asset_kinds},
    {"expense_kind", expense_kinds},
    {"housing_type", housing_types},
    {"housing_condition", housing_conditions},
    {"member_health", member_healths},
    {"member_work", member_works},
    {"hardship_kind", hardship_kinds},
    {"hardship_degree", hardship_degrees},
    {"visit_conclusion", visit_conclusions},
    {"crisis_kind", crisis_kinds},
    {"crisis_partner", crisis_partners},
    {"crisis_result", crisis_results},
    {"case_stage", case_stages},
    {"case_source", case_sources},
    {"need_domain", need_domains},
    {"goal_attainment", goal_attainments},
    {"closure_reason", closure_reasons},
    {"case_event", case_event_kinds},
    {"survey_method", survey_methods},
    {"plan_status", plan_statuses},
    {"org_rating", org_ratings},
    {"org_status", org_statuses},
    {"procurement", procurements},
    {"contract_status", contract_statuses},
    {"filing_kind", filing_kinds},
    {"work_plan_kind", work_plan_kinds},
    {"fund_source", fund_sources},
    {"expense_category", expense_categories},
    {"evaluation_kind", evaluation_kinds},
    {"evaluation_grade", evaluation_grades},
    {"acceptance_result", acceptance_results},
    {"payment_trigger", payment_triggers},
    {"payment_status", payment_statuses},
    {"staff_role", staff_roles},
    {"staff_status", staff_statuses},
    {"education", educations},
    {"certificate_level", certificate_levels},
    {NULL, NULL},
};

const struct fixed_item *dictionary_fixed_item(const char *kind,
                                               const char *code)
{
    for (const struct fixed_list *l = dictionary_fixed; l->kind; l++) {
        if (strcmp(l->kind, kind) != 0) {
            continue;
        }
        for (const struct fixed_item *it = l->items; it->code; it++) {
            if (strcmp(it->code, code) == 0) {
                return it;
            }
        }
    }
    return NULL;
}

const char *dictionary_fixed_label(const char *kind, const char *code,
                                   bool en)
{
    const struct fixed_item *it = code ? dictionary_fixed_item(kind, code)
                                       : NULL;
    return it ? (en ? it->label_en : it->label) : code;
}

bool dictionary_fixed_has(const char *kind, const char *code)
{
    return dictionary_fixed_item(kind, code) != NULL;
}

int dictionary_fixed_rank(const char *kind, const char *code)
{
    for (const struct fixed_list *l = dictionary_fixed; l->kind; l++) {
        if (strcmp(l->kind, kind) != 0) {
            continue;
        }
        for (int i = 0; l->items[i].code; i++) {
            if (strcmp(l->items[i].code, code) == 0) {
                return i;
            }
        }
    }
    return -1;
}

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

/* Client categories sgz marks PIPL-sensitive (art. 28: health and
 * disability, victims, legal status) when it seeds them; the sysadmin
 * marks others in 字典管理. */
static bool sensitive_by_default(const char *kind, const char *code)
{
    static const char *const codes[] = {
        "severe_disability", "disability_subsidy", "mental_disorder",
        "medical_assistance", "domestic_violence", "community_corrections",
        NULL};
    for (const char *const *c = codes;
         strcmp(kind, "client_category") == 0 && *c; c++) {
        if (strcmp(*c, code) == 0) {
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
            .sensitive = sensitive_by_default(kind, items[i].code),
            .age_limit = items[i].age_limit,
            .age_from = items[i].age_from,
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
