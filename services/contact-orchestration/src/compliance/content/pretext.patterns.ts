import { type ForbiddenWording, ZH_IF_SOMEONE, deniedEn, deniedZh, restOfClause, w } from './content-pattern';

/** What a pretext is after: where the debtor works (no collection message needs to ask). */
const EN_WORK =
  "(?:employer|employer's (?:name|address)|place of work|workplace|work address|work hours|working hours|shift pattern|where (?:you|he|she|they) (?:work|works|are working|is working)(?: now| these days)?|who (?:you|he|she) works? for|job title)";
/** ... and where they live: asked for only under a pretext (a parcel, a prize, a survey). */
const EN_ADDRESS =
  '(?:(?:current |new |home |full |postal |delivery |residential |correct )*address|where (?:you|he|she|they) (?:live|lives|are living|is living)(?: now| these days)?)';
const EN_PRETEXT_CONTEXT =
  '(?:package|parcel|delivery|courier|prize|reward|gift|refund|rebate|survey|reunion|won|winner|winnings|claim|redeliver|rebook|reschedule|voucher|lottery|giveaway|health record|tax form|benefits)';
const EN_ASK =
  "(?:confirm|verify|update|provide|give (?:us|me)|tell (?:us|me)|send (?:us|me)|share|reply with|reply|text back|send back|text (?:us|me)|let (?:us|me) know|we need|i need|find out|what's|what is)";

const EN_PRETEXT_SOURCE =
  "(?:courier|delivery (?:driver|company|service|team)|postman|post office|royal mail|usps|ups|fedex|dhl|dpd|evri|hermes|parcelforce|amazon|survey|census|nhs|health (?:service|record|department)|hr|human resources|payroll|benefits (?:office|department|team)|school (?:office|nurse|secretary)|your (?:child|son|daughter|kids?)'s school|reunion|old (?:friend|classmate|colleague|school friend)|classmate|lottery|prize|sweepstakes?|competition|giveaway|tax (?:office|refund|rebate)|irs|hmrc|refund (?:team|department)|insurance (?:claim|company)|bank security|fraud team|job offer|recruiter|recruitment)";

export const PRETEXT: ForbiddenWording = {
  families: [
    {
      means: 'a pretext: posing as a courier, prize, survey, refund, school, employer or old friend to get an address or workplace',
      patterns: {
        en: [
          // " ?": letters spelt out with spaces are joined into one run (`m i s s e d  d e l i v e r y`).
          w(
            "missed ?(?:delivery|parcel|package|collection)|(?:failed|unsuccessful|attempted) (?:delivery|to deliver)(?: attempt)?|(?:tried|attempted|unable|were unable|could not|couldn't) to deliver|(?:delivery|parcel|package|shipment) (?:attempt|failed|on hold|is (?:waiting|being held|on hold|pending)|could not be delivered|couldn't be delivered|was not delivered|awaiting)|(?:tap|click|reply|text|call|confirm|follow)\\b[^.!?;\\n]{0,40}\\b(?:reschedule|rebook|re-?arrange) (?:your |the )?(?:delivery|parcel|package)|(?:reschedule|rebook|re-?arrange) (?:your |the )?(?:delivery|parcel|package)[^.!?;\\n]{0,40}\\b(?:tap|click|reply|text|call us|confirm|link)\\b|redeliver(?:y)?|parcel fee|customs fee|delivery fee",
          ),
          w(
            "(?:your|a) (?:package|parcel|delivery|shipment) (?:could not|couldn't|cannot|can't|was not|wasn't|is waiting|is on hold|has been held|is pending|is held|is being held|is at the depot|is stuck)",
          ),
          w(
            "(?:you(?:'ve| have)|you) (?:won(?!')|been (?:selected|chosen|picked|drawn))\\b|congratulations[,!]? you|claim (?:your|the) (?:prize|reward|gift|refund|winnings|voucher|gift card|compensation|payout|money)|(?:prize|reward|winnings|voucher|gift card|refund|rebate|payout) (?:is|are) (?:waiting|pending|ready|available)|(?:to|and) (?:claim|receive|release|collect) (?:it|your (?:prize|reward|gift|refund|money|voucher|winnings))",
          ),
          w(
            '(?:tax|council tax|irs|hmrc|energy|insurance|ppi) (?:refund|rebate|reimbursement)|(?:refund|rebate) of (?:\\$|£)\\s?[\\d,.]+ (?:is|has been) (?:pending|approved|issued|waiting)',
          ),
          w(
            `(?:this is|it's|i'm|i am|calling from|we are|we're|hi[,!]? (?:this is|it's) [a-z]+ from) (?:the |your |an? )?(?:local |local )?${EN_PRETEXT_SOURCE}`,
          ),
          w(`(?:old friend|classmate|old colleague|school friend|college friend|friend from (?:school|college|university|work)) of\\b`),
          w(`(?:i'm|i am|we're|we are|calling|writing|texting|messaging|contacting you)(?: [a-z]+)? from (?:the |your |an? )?(?:local )?${EN_PRETEXT_SOURCE}`),
          w(`${EN_ASK}\\b${restOfClause(30)}\\b${EN_WORK}`),
          w(`${EN_PRETEXT_CONTEXT}\\b${restOfClause(60)}\\b${EN_ASK}\\b${restOfClause(30)}\\b${EN_ADDRESS}`),
          w(`${EN_ASK}\\b${restOfClause(30)}\\b${EN_ADDRESS}\\b${restOfClause(60)}\\b${EN_PRETEXT_CONTEXT}`),
          w(
            `(?:address|home address)\\b${restOfClause(20)}\\b(?:and|&|plus) (?:your )?(?:employer|workplace|place of work|work hours|working hours|where you work|date of birth)`,
          ),
          w(
            "(?:regarding|about|concerning) your (?:child|son|daughter|kids?|children)|(?:your (?:child|son|daughter)'s|from (?:your|the) (?:child's |kids' )?) school",
          ),
          w(
            `(?:survey|census|questionnaire|health record|medical record|reunion|prize draw|lucky draw|giveaway|sweepstakes)\\b${restOfClause(60)}\\b(?:address|employer|where (?:you|he|she) (?:works?|lives?))`,
          ),
          w('(?:planning|organi[sz]ing|arranging) a (?:reunion|surprise|party|get-together)'),
          w(
            '(?:a|an) (?:business|personal|legal|urgent|important|family|private) matter (?:regarding|about|concerning) (?:your|a) (?:relative|family|inheritance|estate|will)|inheritance|unclaimed (?:money|funds|estate|prize)',
          ),
        ],
        zh: [
          '(?:快递|包裹|快件|邮件|物流)(?:.{0,8}?)(?:已|已经)?(?:未签收|未被签收|没签收|无法派送|派送失败|派送异常|投递失败|异常|丢失|滞留|破损|待领取|待签收|被退回|退回|需要重新派送|理赔|延误)',
          '(?:您有|有您的?|你有|有你的?)(?:一个|一件|个|件|一份)?(?:快递|包裹|快件|邮件|到付件|挂号信)',
          '(?:重新|二次)(?:派送|投递|配送)|(?:修改|确认|更新|核对|核实)(?:一下)?(?:您的?|你的?)?(?:派送|收件|收货|快递|配送)(?:地址|信息)',
          '【?(?:XX)?(?:快递|物流|顺丰|圆通|中通|申通|韵达|京东物流|邮政|EMS|菜鸟|驿站)】?(?:您|你)(?:的|有)',
          '中奖|抽奖|中了(?:.{0,4})(?:奖|等奖)|(?:一|二|三|特)等奖|幸运(?:用户|客户|观众)|领取(?:奖品|奖金|礼品|礼物|红包|补贴|补偿)|寄送(?:奖品|礼品|礼物)|奖品(?:寄送|领取|发放)|获得(?:.{0,6})(?:大奖|奖品|礼品)',
          '(?:退款|退费|赔付|理赔|补贴|补偿金|退税|返现|返还)(?:.{0,4})(?:待领取|待处理|领取|待退|到账|办理|申请|审核通过)',
          '(?:社保|医保|公积金|养老金)(?:中心|局|卡)?(?:.{0,8})(?:异常|冻结|停用|更新|核实|升级|过期|失效|注销)',
          '【?(?:社保中心|医保局|公积金中心|税务局|人社局|卫健委|街道办|居委会|派出所户籍)】?',
          '(?:老同学|老朋友|老同事|同学聚会|同学会|校友会|战友|发小)(?:.{0,10})(?:聚会|组织|联系|找|在哪|上班|工作|住)?',
          '(?:他|她|其)(?:现在)?(?:在哪(?:儿|里)?|在什么地方|在哪家公司|在哪个单位)(?:上班|工作|住|高就)',
          '(?:您|你)(?:现在)?(?:在哪(?:儿|里)?|在什么地方|在哪家公司|在哪个单位)(?:上班|工作|高就)',
          '(?:提供|告诉|报一下|报下|报|发送|确认|核实|回复|更新|留下|填写)(?:一下|下)?(?:您的?|你的?|他的?|她的?)?(?:现|现在的?|目前的?|最新的?)?(?:工作单位|单位名称|单位地址|公司名称|公司地址|单位|工作地点|上班地点|在哪上班)',
          '(?:快递|包裹|快件|派送|配送|奖品|礼品|奖|领取|退款|理赔|赔付|社保|医保|同学|聚会|调查|回访|活动).{0,20}?(?:提供|告诉|报一下|报下|报|发送|确认|核实|回复|更新|留下|填写|修改)(?:一下|下)?(?:您的?|你的?|他的?|她的?)?(?:现|现在的?|目前的?|最新的?|详细的?|完整的?)?(?:住址|居住地址|家庭住址|居住地|地址|收件地址|派送地址|住在哪)',
          '(?:提供|告诉|报一下|报下|报|发送|确认|核实|回复|更新|留下|填写|修改)(?:一下|下)?(?:您的?|你的?|他的?|她的?)?(?:现|现在的?|目前的?|最新的?)?(?:住址|居住地址|家庭住址|居住地|地址|收件地址|派送地址)(?:.{0,20}?)(?:快递|包裹|快件|派送|配送|奖品|礼品|领取|退款|理赔|赔付)',
          '(?:他|她|其)(?:现在)?住(?:在)?(?:哪|哪里|哪儿|什么地方)',
          '(?:身份及|身份和|身份与)(?:工作单位|单位|住址)',
          '(?:回复|提供|发送)(?:您的?|你的?)?(?:身份证号|身份证号码|银行卡号|验证码|密码)(?!码?的?(?:后|末|前|最后)(?:四|4|六|6|两|2)位)',
          '(?:问卷调查|回访调查|满意度调查|人口普查|入户调查|市场调查)',
          '周年庆|店庆|抽奖活动|免费领取|免费赠送',
          '问卷|调研|访员|回访员|(?:回电|回拨|来电|回复)(?:.{0,12})(?:领|领取|送|获得|赠)(?:.{0,4})(?:话费|红包|礼品|奖励|奖金|购物卡|现金)|(?:领|领取|赠送|送)(?:.{0,3})(?:话费|红包|购物卡)',
          // Posing as an employer's checker: 想向贵公司核实一下王某某是否还在职，我们在做背景调查.
          '背景调查|背调|(?:人力资源|猎头|人事外包|人事代理)(?:公司|机构|服务)|(?:核实|确认|了解|打听)(?:一下)?.{0,10}(?:是否(?:还)?在职|在职情况|是否(?:还)?在贵|是否(?:还)?在(?:你们|您们)(?:公司|单位))',
        ],
      },
    },
  ],
  allow: [
    {
      means: 'an anti-fraud warning about delivery, prize or refund scams',
      patterns: {
        en: [
          deniedEn('text|texting|contact|contacting|call|calling|ask|asking|send|sending|e-?mail|message|messaging', 110),
          w(`(?:if you (?:get|receive)|claiming to be|pretending to be|scam|scams|fraud alert|scam warning)${restOfClause(110)}`),
        ],
        zh: [deniedZh('以|通过|发送|联系|要求|冒充|借', 40), ...ZH_IF_SOMEONE],
      },
    },
  ],
};
