import { type ForbiddenWording, ZH_IF_SOMEONE, deniedZh, restOfClause, w } from './content-pattern';

const EN_FOREVER =
  '(?:forever|for life|for the rest of your life|permanently|for good|for ever|for all time|for eternity|until you die|till you die|beyond repair|irreparably)';
const EN_GATEKEEPERS =
  '(?:bank|banks|lender|lenders|landlord|landlords|employer|employers|company|companies|business|businesses|one|body|credit card company|card company|mortgage (?:lender|provider)|phone company|insurer|insurers|shop|store|retailer)';

export const EXAGGERATION: ForbiddenWording = {
  families: [
    {
      means: 'an exaggerated consequence: credit ruined forever, a blacklist, never borrowing or renting again, debts passed to children',
      patterns: {
        en: [
          w(
            `(?:ruin|ruins|ruined|destroy|destroys|destroyed|wreck|wrecks|wrecked|trash|kill|kills|killed|tank|tanks|finish|finished|end|ruining|destroying|wrecking)(?: your)? (?:credit|credit (?:score|rating|record|file|history)|life|future|name|reputation|chances|career|family's future)(?: (?:will|would) be (?:ruined|destroyed|wrecked|gone))?\\b${restOfClause(20)}\\b${EN_FOREVER}`,
          ),
          w(
            `(?:credit|credit (?:score|rating|record|file|history)|name|reputation|life|future)(?: will| would| is going to| is gonna| is| are| has been| was| gets| got| will get|'s|'ll)? (?:be )?(?:ruined|destroyed|wrecked|trashed|finished|dead|over|gone|tarnished|marked|stained|flagged|blacklisted)\\b${restOfClause(15)}\\b${EN_FOREVER}`,
          ),
          w(`${EN_FOREVER} (?:ruin|destroy|wreck|damage|mark|stain|blacklist|ban|block)`),
          w(
            '(?:national|nationwide|country-?wide|permanent|global|international|worldwide|industry|public|government|central|federal|state) (?:debtors?|defaulters?|bad (?:payers?|debtors?)|deadbeats?|non-?payers?) (?:registry|register|list|database|index|blacklist)',
          ),
          w(
            '(?:national|nationwide|permanent|global|international|worldwide|industry|credit|lenders?|banking|universal|government|central) (?:blacklist|black list|blocklist|ban list|register of (?:debtors|defaulters|bad payers))|black-?listed|blacklist(?:ing)?|on a blacklist',
          ),
          w(
            `never (?:ever )?(?:be (?:able to|approved|accepted|allowed|given|eligible)|get|borrow|obtain|own|buy|rent|lease|open|qualify for)\\b${restOfClause(40)}\\b(?:again|ever|anywhere|in this country|for the rest of your life)`,
          ),
          w(
            "(?:you(?:'ll| will)|you are going to|you're going to|you'd) never (?:ever )?(?:own|buy|rent|borrow|be approved|be able to (?:get|borrow|buy|rent|own)|get (?:a |an |another )?(?:loan|mortgage|credit|job|house|home|car|flat|apartment|card|phone contract))",
          ),
          w(
            `(?:no|not a single|not one|not any|zero|none of the|nobody|no one)(?: other)? ${EN_GATEKEEPERS}\\b${restOfClause(45)}\\b(?:will|would|is going to|'ll|is ever going to|are ever going to|are going to|could|can)(?: ever)?(?: again)? (?:touch|lend|hire|rent|approve|give you|accept|employ|trust|deal with|work with|offer you|insure)`,
          ),
          w(
            `(?:every|all|each|any)(?: single)? ${EN_GATEKEEPERS}\\b${restOfClause(40)}\\b(?:will|would|is going to|'ll|are going to)(?: all)? (?:refuse|reject|turn you (?:down|away)|deny|decline|blacklist|block|ban|know|see|shut)`,
          ),
          w(
            '(?:forget about|kiss goodbye to|say goodbye to|wave goodbye to|you can forget)(?: ever)? (?:getting|owning|buying|renting|having|a (?:mortgage|loan|car|house|home|credit card|job))',
          ),
          w(
            `(?:follow|haunt|stay with|stick with|hang over|ruin) (?:you|your (?:family|kids|children|name))\\b${restOfClause(15)}\\b(?:for the rest of your life|forever|for life|wherever you go|until you die|for good|everywhere)`,
          ),
          w(
            `(?:stays?|remains?|sticks?|lasts?) (?:with you |on your (?:file|record|credit|name) )?(?:for life|forever|permanently|for good|for the rest of your life)`,
          ),
          w(
            `(?:never|won't ever|will never|doesn't ever|does not ever) (?:come|comes|go|goes|be taken|be removed|be deleted|be wiped|be cleared|fall) (?:off|away|from your (?:file|record|name|credit))`,
          ),
          w(
            "(?:your|the) (?:kids|children|family|son|daughter|heirs|grandchildren|spouse|wife|husband|parents) (?:will|would|are going to|'ll)(?: have to)? (?:inherit|pay|be liable for|be responsible for|take on|be stuck with|suffer for)",
          ),
          w('(?:inherit|pass (?:down )?to|be passed (?:down )?to|be passed on to) (?:your )?(?:kids|children|family|heirs|son|daughter|grandchildren)'),
          w(
            "(?:destroy|destroys|destroyed|ruin|ruins|ruined|wreck|wrecks|wrecked) (?:your|ur) (?:life|future|family|family's future|children's future|kids' future|whole life|reputation)",
          ),
          w(
            `(?:jobs?|apartments?|flats?|homes?|phone (?:plans?|contracts?)|mortgages?|cars?|loans?|credit cards?|bank accounts?)(?:,? (?:jobs?|apartments?|flats?|homes?|phone (?:plans?|contracts?)|mortgages?|cars?|loans?|credit cards?|bank accounts?))*,? (?:all gone|gone|forget it|no chance|out of the question|finished)`,
          ),
          w(
            "(?:you(?:'ll| will) (?:lose|lose everything|be homeless|be on the street|end up on the street|be bankrupt|go bankrupt|lose your (?:house|home|job|kids|children|car|passport|benefits))|(?:your|the) (?:debt|balance|amount) will (?:double|triple|quadruple|keep growing forever|never stop growing|skyrocket)|(?:seize|take|repossess) (?:everything|all your (?:possessions|belongings|assets|things)|your (?:house|home|kids|children))|(?:won't be able to|will not be able to|never be able to) (?:travel|leave the country|fly|get a passport|board a (?:plane|train)))",
          ),
          w(
            `(?:register|database|list|record) (?:that|which|shared by|seen by)\\b${restOfClause(30)}\\b(?:every|all|each) (?:lender|bank|landlord|employer|company)`,
          ),
          w(
            '(?:in|across|throughout) (?:the (?:whole |entire )?(?:country|uk|us|world|industry)|britain|america|china)\\b(?:[^.!?;\\n]{0,30})\\b(?:will|would|is going to)(?: all)? (?:know|see|refuse|reject)',
          ),
        ],
        zh: [
          '(?:全国|全网|全球|全行业|永久|终身|一辈子|金融|银行|互联网|行业|央行)(?:的)?(?:黑名单|通缉|拉黑|失信|封杀|禁入)',
          '(?:黑名单|失信名单)(?:.{0,6})(?:一辈子|永远|终身|永久|全国|所有)',
          '(?:列入|拉入|进入|进了|上了|纳入|上|进|加入|拉进)(?:了)?(?:全国|全网|金融|行业|银行|征信|失信)?(?:的)?(?:黑名单|失信名单)',
          '黑名单',
          '(?:信用|征信)(?:.{0,3})(?:彻底|完全|全|永远|已经|就)?(?:毁了|完了|废了|花了|黑了|烂了|毁掉)',
          '(?:什么|啥)(?:都|也)(?:办不了|干不了|做不了|贷不了|买不了|借不到|办不成)',
          '连.{1,8}?(?:都|也)(?:买不了|办不了|坐不了|上不了|找不到|租不到|贷不到|借不到|考不了|做不了|买不到|订不了)',
          '(?:火车票|机票|高铁票|车票)(?:都|也)?(?:买不了|买不到|订不了)',
          '(?:银行卡|工资卡|存款|微信|支付宝|名下账户|名下的?银行卡)(?:.{0,4})(?:全部|所有|都)(?:会|将)?(?:被)?(?:冻结|查封|扣划|封)|(?:全部|所有)(?:的)?(?:银行卡|账户|存款)(?:.{0,4})(?:冻结|查封|扣划)',
          '(?:孩子|子女|儿女|后代|小孩|儿子|女儿)(?:的)?(?:以后|将来|今后)?(?:就|都|也|会|将)?(?:不能|不可以|无法|没法|没资格|考不了|上不了|当不了)(?:.{0,4})(?:上学|考公|当兵|读书|考公务员|政审|入学|就业|升学|考研|出国|读大学|好学校|公务员)',
          '(?:全家|家人|家里人|一家人|全家人)(?:都|也)?(?:会|要|将)?(?:上|进|被列入|受|跟着)(?:.{0,4})(?:黑名单|征信|牵连|连累|影响)',
          '征信(?:会|将|就)?(?:永久|终身|一辈子|彻底|永远|全)(?:花|黑|毁|坏|完|污点|记录|保留|留底|有污点)',
          '(?:永久|终身|永远|一辈子|这辈子)(?:都|也)?(?:标记|记录|拉黑|留底|保留|不能|无法|没法|贷不了|借不到|买不了|翻不了身|完了|毁了|别想|洗不掉|抹不掉|消不掉|有污点)',
          '(?:跟|伴随|影响|毁|害)(?:了)?(?:你|您)(?:一辈子|终身|一生|全家|三代|子孙)',
          '(?:一辈子|这辈子|下半辈子|终身|一生)(?:都)?(?:贷不了|借不到|买不了|翻不了身|完了|毁了|别想|抬不起头)',
          '(?:孩子|子女|儿女|后代|小孩|儿子|女儿|家人|父母)(?:的)?(?:以后|将来|今后)?.{0,4}(?:上学|考公|当兵|读书|考公务员|政审|入学|就业|升学|考研|出国|结婚|找工作|前途).{0,6}(?:全都|全部|都|也|会|将)(?:会|要|将)?(?:受影响|受牵连|被影响|不能|不了|没法|无法|完了|毁了)',
          '(?:连累|牵连|影响)(?:到)?(?:你的?|您的?)?(?:孩子|子女|家人|父母|后代|三代)',
          '政审(?:.{0,3})(?:卡掉|卡住|不过|过不了|通不过|被卡)|(?:被|会被)政审|一辈子(?:都)?受影响',
          '(?:高铁|飞机|火车|动车|轮船)(?:.{0,4})(?:坐不了|不能坐|没法坐|禁止乘坐|都别想|上不去)',
          '(?:坐不了|不能坐|禁止乘坐|限制乘坐)(?:高铁|飞机|火车|动车)',
          '寸步难行|走投无路|无路可走|身败名裂|倾家荡产|家破人亡',
          '(?:手机卡|电话卡|手机号|银行卡|信用卡|微信|支付宝)(?:都|也|全部)?(?:会|将|要)?(?:被)?(?:停|停机|冻结|封|注销|作废|停用)',
          '(?:所有|任何|全部|一切|哪家|哪个)(?:的)?(?:银行|平台|机构|金融机构|公司|单位|贷款)(?:都|也|全)?(?:不会|不再|不肯|不能|无法|不可能|拒绝)(?:再)?(?:借|贷|给你|给您|批|放款|理你|要你|录用|租|办)',
          '(?:所有|任何|全部|各大)(?:的)?(?:银行|平台|机构|金融机构|公司)(?:都|全)?(?:查得到|知道|能查到|拒绝你|拒绝您)',
          '(?:以后|今后|将来|从此)(?:你|您)?(?:都|也|再也|将)?(?:无法|不能|没法|别想|不可能|再也不能|再也没法)(?:办理|申请|贷款|借钱|买房|买车|租房|找工作|办信用卡|出国)',
          '(?:租房|求职|找工作|买房|买车|办卡)(?:甚至|都|也)?(?:.{0,6})(?:被拒|会被拒|受影响|不行|没戏|别想)',
          '(?:工作|房子|对象)(?:都|也)?(?:找不到|租不到|买不了)',
          '(?:公司|单位|银行|老板|HR)(?:.{0,4})一查(?:就)?(?:知道|清楚|查到)',
          '走到哪(?:里|儿)?(?:都)?(?:查得到|被查|跑不掉|逃不掉)|(?:跑|逃)不掉的?',
          '(?:永久|终身)(?:标记|记录|失信|拉黑|限制)|(?:严重违约|恶意逃债)(?:记录)?(?:永久|终身)',
          '(?:房产|房子|车子|车辆|财产)(?:全部|都|将|会|要)?(?:被)?(?:收走|没收|拍卖|充公)',
          '(?:所有|全部|各大|全国)(?:的)?(?:平台|机构|银行|网贷)(?:都|全)?(?:数据)?(?:共享|联网|同步|互通)',
        ],
      },
    },
  ],
  allow: [
    {
      means: 'a correction of a myth, or the true retention rule: "不存在所谓全国黑名单", "a default stays on your file for six years"',
      patterns: {
        en: [
          w(
            `(?:no such thing as|there is no|there's no|there isn't|is not|isn't|not) (?:a |an |any )?(?:such )?(?:(?:credit|national|central) )?(?:blacklist|black list)${restOfClause(60)}`,
          ),
          w(`(?:usually|normally|typically|generally) (?:stays?|remains?|kept) (?:on|for)${restOfClause(40)}`),
          w(
            `(?:will not|won't|doesn't|does not|do not|don't) (?:stay|remain|last) (?:on your (?:file|record) )?(?:forever|for life|permanently)${restOfClause(40)}`,
          ),
        ],
        zh: [deniedZh('所谓|全国|黑名单|坐牢|导致|影响|永久|一辈子|终身', 30), ...ZH_IF_SOMEONE],
      },
    },
  ],
};
