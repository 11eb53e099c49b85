import { type ForbiddenWording, ZH_IF_SOMEONE, deniedEn, deniedZh, restOfClause, restOfZhClause, w } from './content-pattern';

/** Police, courts, prosecutors, officials: what a collector must not claim to be or to act with. */
const EN_AUTHORITY =
  "(?:police|police department|police station|metropolitan police|met police|the met|constabulary|fbi|cid|interpol|law enforcement|sheriff|sheriff's (?:office|department)|county sheriff|marshals?|u\\.?s\\.? marshals|state troopers?|court|courts|high court|county court|district court|superior court|magistrates'? court|crown court|small claims court|federal court|court office|court enforcement|enforcement office|court services|hm courts(?: (?:&|and) tribunals(?: service)?)?|hmcts|tribunals? service|bailiffs?|high court enforcement(?: officers?)?|enforcement agents?|da's office|district attorney(?:'s office)?|attorney general|prosecutor(?:'s office)?|prosecution service|crown prosecution service|cps|department of justice|doj|ministry of justice|hmrc|irs|tax office|government|fraud (?:squad|unit|department|division)|financial crimes? unit|immigration|home office|judge)";
/** What an officer calls themselves. */
const EN_OFFICER =
  '(?:officer|detective|sergeant|sgt\\.?|constable|deputy|inspector|special agent|federal agent|marshal|sheriff|bailiff|judge|magistrate|prosecutor|attorney|lawyer|solicitor|barrister)';

export const FALSE_AUTHORITY: ForbiddenWording = {
  families: [
    {
      means: 'a false statement of arrest, a warrant, police action, prosecution or prison',
      patterns: {
        en: [
          w(
            '(?:bench |arrest )?warrants?(?: (?:for|of) (?:your )?arrest)?(?: (?:has|have) been| is being| was| will be| are being| is| has) (?:issued|signed|prepared|filed|drawn up|requested|granted|out)',
          ),
          w('(?:bench|arrest) warrant|warrant (?:for|of) (?:your )?arrest|(?:a )?warrant (?:out )?(?:in|under|against) your name'),
          w(
            "(?:you(?:'ll| will| could| may| might| can| are going to|'re going to| are gonna|'re gonna)|you'd|we(?:'ll| will| can| could) (?:have|get|see) you) (?:be |get |being )?(?:arrested|detained|jailed|imprisoned|locked up|put in (?:jail|prison)|sent to (?:jail|prison)|charged with (?:a crime|an offen[cs]e|fraud|theft)|prosecuted|taken into custody|thrown in (?:jail|prison)|behind bars|go to (?:jail|prison)|end up in (?:jail|prison|court)|face (?:jail|prison|charges|prosecution|arrest|criminal))",
          ),
          w(
            '(?:face|facing|risk|risking) (?:a )?(?:jail|prison|custodial) (?:time|sentence|term)|(?:face|facing|risk) (?:arrest|criminal (?:charges|prosecution|proceedings)|prosecution|imprisonment|jail|prison)',
          ),
          w('criminal (?:charges?|prosecution|proceedings|case|complaint|investigation|offen[cs]e|record|liability|referral|action)'),
          w(
            '(?:charges?|a case|a complaint|a report|proceedings) (?:(?:is|are|has been|have been|will be) )?(?:being )?(?:filed|brought|pressed|lodged|opened|made) (?:against|on) you',
          ),
          w(
            `(?:pass(?:ing|ed)?|hand(?:ing|ed)?(?: over)?|refer(?:ring|red)?|forward(?:ing|ed)?|send(?:ing)?|sent|report(?:ing|ed)?|escalat(?:e|ing|ed)|turn(?:ing|ed)? (?:over|in))\\b${restOfClause(25)}\\bto (?:the )?(?:police|fbi|authorities|law enforcement|prosecutors?|district attorney|da|da's office|fraud (?:squad|unit|department)|sheriff|cid|cps)`,
          ),
          w(
            `(?:police|fbi|authorities|law enforcement|sheriff|the da|da's office|district attorney|prosecutors?|fraud (?:squad|unit|department)|cps|officers?)(?: (?:office|department))? (?:has|have|will|are|is|'ll) (?:been |be )?(?:notified|informed|contacted|alerted|involved|on (?:their|the|its) way|coming|looking|investigating|reviewing|visiting|visit|come|attend|arrest|called)`,
          ),
          w(
            "(?:is|constitutes|amounts to|counts as|considered|classed as|treated as|reported as|regarded as|that's|this is) (?:a form of )?(?:theft|stealing|fraud|a crime|a criminal offen[cs]e|criminal|a felony|illegal)",
          ),
          w(
            'theft by deception|obtaining (?:money|credit|property|services) by deception|fraud by false representation|evading (?:a )?debt (?:is|is a) (?:crime|criminal)',
          ),
          w('(?:you (?:could|may|might|will|can) )?be (?:prosecuted|arrested|jailed|imprisoned|charged with (?:a crime|an offen[cs]e|fraud|theft))'),
          w('(?:no choice but to )?(?:call|contact|involve|notify|inform|get) the (?:police|cops|fbi|sheriff|authorities)'),
        ],
        zh: [
          '(?:法院|仲裁委|仲裁院)(?:已经?|已)?(?:立案|受理|判决|裁决|开庭|下达|发出)',
          '(?:已|已经|将|即将|马上|就会|准备)(?:被)?(?:移交|移送|提交|报送|上报|报到|转交|交给|交到)(?:到|给)?(?:当地)?(?:公安|警方|派出所|检察院|司法机关|司法部门|经侦|法院|刑侦)',
          '(?:移交|移送)(?:公安|警方|派出所|检察院|司法机关|经侦)',
          '(?:将|会|就|要|马上|即将|准备|等着|面临|可能被|会被|将被|就被|被)(?:被)?(?:拘留|逮捕|刑拘|抓走|抓起来|抓你|抓您|坐牢|判刑|入狱|关进去|通缉|公诉|传唤|拘捕|强制执行|查封|冻结)',
          '坐牢|蹲监狱|进监狱|吃牢饭|踩缝纫机|立案侦查|刑事立案|刑事拘留|行政拘留',
          '(?:追究|承担|负)(?:你的?|您的?)?(?:刑事|法律刑事)(?:责任)?',
          '刑事责任|刑事案件|刑事犯罪|涉嫌犯罪|涉嫌诈骗|诈骗罪|恶意透支|信用卡诈骗|拒不执行判决|拒执罪|非法占有|骗贷罪|贷款诈骗',
          '(?:已|已经|够|达到|符合|构成)(?:了)?(?:立案|刑事|判刑|追诉)(?:标准|条件)',
          '(?:(?:辖区|当地|属地)?(?:警察|公安|民警|派出所|法院|法警|检察院|经侦|刑警|执行局))(?:的人)?(?:这两天|这几天|过两天|明天|后天|马上|很快|近期|近日|不日|即日|本周|今天|随时|已经|已)?(?:就)?(?:会|将|要|准备|已经|已)?(?:去|到|来|上门|找你|找您|抓你|抓您|传唤|登门|联系你的?)',
          '(?:我|我们|这边|这里|本人|我方|我司|本司)(?:这边|这里)?(?:是|系|来自|代表)(?:.{0,6})(?:法院|公安|警察|派出所|检察院|法官|法警|民警|经侦|刑警|执行局|司法局|司法部门|仲裁委|律师事务所|律所|律师)',
          '(?:法院|公安局|派出所|检察院|执行局|司法局|经侦大队|律师事务所)(?:的)?(?:工作人员|民警|警官|法官)?(?:您|你)(?:好)?(?:因|涉嫌|已被|被|的案件)',
          '(?:法院|公安|公安局|检察院|律师)(?:的)?(?:通知|传票|函|令)|律师函|传票|拘传票|逮捕令|通缉令',
          '(?:被|已被|将被|会被)(?:列为|列入|纳入)(?:失信被执行人|被执行人|失信名单|老赖名单)',
          '失信被执行人|限制(?:你|您)?(?:出境|出行|高消费|乘坐)|(?:申请|对你|对您)(?:强制执行|财产保全|查封|冻结)',
          '(?:身份证|户口|社保|医保)(?:.{0,4})(?:冻结|注销|停用|吊销)',
          '(?:名下)(?:的)?(?:所有|全部)?(?:房产|车辆|财产|银行卡|账户).{0,4}(?:查封|冻结|扣押|拍卖)',
          '(?:司法部门|司法机关|公安机关|法院)(?:已|已经)?(?:核查|调查|介入|查实)',
          '(?:经侦|刑侦)(?:大队|支队|部门)',
          '(?:对你|对您)(?:立案|采取强制措施|采取(?:.{0,4})措施|进行拘留|实施拘留)|强制措施',
          '(?:公安机关|警方|公安|派出所|法院|检察院)(?:已经?|已|将|会|马上)?(?:对你|对您)?(?:立案|介入|调查|采取)',
          '(?:吃官司|蹲大牢|进局子|进去蹲)',
          '恶意逃废债|逃废债务',
          '(?:将|把)(?:您|你)(?:带走|抓走|押走|铐走)|带走调查|(?:已经|已)?有人在(?:办|查|处理)(?:你|您)',
          // An authority's step against the debtor said to have happened: 检察院已对您的逾期行为立案审查.
          '(?:检察院|公安局|公安|派出所|法院|经侦|刑警|纪委|监察委|司法局)(?:已经?|已|正在|将|已对)(?:.{0,10})(?:立案|审查|调查|侦查|起诉|传唤|备案|列为|介入)',
          '(?:请勿|不得|禁止|不许|不要)(?:离开|出)(?:本市|本地|本省|当地|国境|市区)|配合(?:警方|公安|司法|法院|检察院)?调查|限制出境|边控',
          // A sentence named as if it were certain: 起码判三年, 进去了.
          '(?:判|判处|判个|判你|关|蹲)(?:你|您)?(?:个)?(?:[一二三四五六七八九十两几半0-9]+)(?:年|个月)|(?:起码|至少|最少|少说)(?:要)?(?:判|关|蹲)|(?:进去了|进去以后|进去之后|抓进去|关进去|送进去)',
        ],
      },
    },
    {
      means: 'impersonating the police, a court or an official (an authority in the first person)',
      patterns: {
        en: [
          w(
            `(?:this is|i am|i'm|we are|we're|it's|calling from|writing from|writing to you from|speaking from|on behalf of|sent on behalf of|issued by|a message from|a notice from|here at) (?:the |your |our |a |an )?(?:local |county |state |federal |city |district |regional |his majesty's |hm )?${EN_AUTHORITY}\\b(?! (?:or|and) (?:a |an |the )?(?:lender|creditor|ombudsman))`,
          ),
          w(`(?:this is|i am|i'm|my name is|it's|speaking is|calling is) (?:an? )?${EN_OFFICER}\\b`),
          w(`${EN_OFFICER} (?:[a-z]+ )?(?:with|from|of|at) (?:the )?(?:local |county |state |federal |city |district )?${EN_AUTHORITY}`),
          w(
            "(?:i am|i'm|we are|we're|this is) (?:an? |your |the )?(?:attorneys?|lawyers?|solicitors?|barristers?|police officers?|officers? of the court|court officers?|enforcement (?:officers?|agents?)|bailiffs?|law enforcement|process servers?)",
          ),
          w(
            '(?:notice of (?:pending )?(?:litigation|legal action|arrest|criminal|prosecution|intended prosecution)|pending litigation|legal summons|court summons|summons (?:has been|was|is being) (?:issued|served))',
          ),
          w(
            '(?:case|lawsuit|suit|claim|action|proceedings|complaint|judgm?ent|ccj|county court judgm?ent)(?: no\\.? ?[a-z0-9-]+)? (?:has been|have been|was|is being|will be|are being|has now been) (?:filed|issued|entered|lodged|commenced|brought|registered|granted|made) (?:against|on|in) (?:you|your name)',
          ),
          w(
            '(?:enforcement agents?|bailiffs?|officers?|sheriff|marshals?|police)(?: have been| are| will be| has been)? (?:authori[sz]ed|instructed|sent|coming|dispatched|ordered|on their way|scheduled) to (?:attend|visit|come to|seize|remove|take|collect|arrest|serve)',
          ),
          w(
            "(?:police|police officers?|officers?|sheriff|deputies|bailiffs?|enforcement (?:agents?|officers?)|the authorities|detectives?)(?: will| are going to|'ll| are| is)(?: be)? (?:at|on|coming to|come to|visit|visiting|knock on|knocking on|arrive at|arriving at|turn up at|show up at|round at|calling at) (?:your|ur) (?:door|doorstep|house|home|address|work|workplace|office)",
          ),
          w(
            '(?:before|prior to|ahead of|pending|avoid|prevent) (?:your|the|an) (?:arrest|imprisonment|prosecution|detention)|\\byour (?:arrest|imprisonment|prosecution|detention|conviction|criminal record)\\b',
          ),
          w(
            `(?:notice|letter|message|summons|order|warning|demand|call) (?:from|by|issued by|on behalf of) (?:the |your )?(?:local |county |state |federal |district |high |superior |magistrates' )?${EN_AUTHORITY}`,
          ),
          w(
            '(?:court|judge|magistrate)s? (?:has|have) (?:already |now )?(?:made|issued|granted|entered|signed|approved|ordered)\\b[^.!?;\\n]{0,30}\\b(?:order|writ|warrant|judgm?ent|garnishment|attachment)|(?:attachment of earnings|garnishment|garnishee|wage garnishment|charging) order\\b[^.!?;\\n]{0,20}\\b(?:has been|is|was|have been|already) (?:made|issued|granted|in place|approved|against you)',
          ),
          w(
            '(?:filed|made|lodged|opened|submitted|raised) (?:a |an )?(?:police|criminal|fraud) (?:report|complaint|case|referral)|(?:contacted|visited|arrested|questioned|interviewed) by (?:the )?(?:police|detectives|officers|law enforcement|the fbi|the sheriff)',
          ),
          w(
            '(?:attend|visit|come to) your (?:address|home|house|property)[^.!?;]{0,30}(?:remove|seize|take|collect) (?:your )?(?:goods|belongings|property|possessions|car|vehicle)',
          ),
        ],
        zh: [],
      },
    },
  ],
  allow: [
    {
      means: 'a denial or a rights statement: "you are not going to jail", "no one is going to arrest you", "may not say you will be arrested"',
      patterns: {
        en: [
          deniedEn(
            '(?:be )?(?:arrest(?:ed)?|jail(?:ed)?|go to (?:jail|prison)|going to (?:jail|prison)|imprison(?:ed)?|prosecut(?:e|ed)|charg(?:e|ed)|say|claim|threaten|tell you|pretend|call|contact|involve|report you)',
            100,
          ),
          w(
            `(?:not|never|isn't|aren't|won't be) (?:going to |gonna |be )?(?:jail|prison|arrested|a crime|criminal|a criminal (?:matter|offen[cs]e))${restOfClause(60)}`,
          ),
          w(`(?:isn't|is not|aren't|are not|not) (?:something|anything|a thing|an offen[cs]e|a crime) (?:you|anyone|people|someone)${restOfClause(80)}`),
          w(`(?:this|it|non-?payment|debt|owing money|not paying)(?: is| remains)? (?:a )?civil (?:matter|debt|issue|case|dispute)${restOfClause(60)}`),
          w(`(?:is|are|remains) (?:a |purely a |only a |simply a |just a )?civil (?:matter|debt|issue|case|dispute)${restOfClause(100)}`),
          w(
            `(?:if|when|should) (?:a caller|someone|anyone|somebody|a person|they|an? [a-z]+ (?:claiming|saying|pretending)|you (?:get|receive) (?:a )?(?:call|message|text|letter|e-?mail))\\b${restOfClause(110)}`,
          ),
          w(
            `(?:(?:claim(?:s|ing)?|pretend(?:s|ing)?|purport(?:s|ing)?) to be|(?:say(?:s|ing)?|claim(?:s|ing)?) (?:that )?(?:they(?:'re| are)|he's|she's|he is|she is|it's|it is)) (?:from |with |an? |the )?${restOfClause(80)}`,
          ),
          w(
            `report (?:it|this|them|that|the (?:fraud|theft|crime|scam|incident|identity theft))? ?(?:to (?:the )?(?:police|fbi|authorities|action fraud|law enforcement|local police))${restOfClause(60)}`,
          ),
          w(`(?:victim of (?:identity theft|fraud|a scam|a crime)|identity theft)${restOfClause(80)}`),
          w(
            `(?:you (?:also )?(?:have|has) the right to|you(?: can| may| could)(?: also)?|you're entitled to|you are entitled to) (?:refer|take|bring|complain|dispute|report|submit|contact|ask|apply|seek|get|call|make|defend)\\b${restOfClause(100)}`,
          ),
          w(`if you (?:feel unsafe|are in danger|have been threatened)${restOfClause(80)}`),
        ],
        zh: [
          `(?:冒充|假冒|自称|谎称|声称|伪装)${restOfZhClause(30)}`,
          deniedZh('自称|冒充|假冒|导致|造成|会因|因此|涉及|构成|是|属于|坐牢|拘留|刑事|人身|律师|法院|公安|申请|起诉|提起|诉讼|司法|强制执行|立案', 30),
          `(?:报警|拨打110|向公安机关?报案|向警方报案|报案回执|向(?:当地)?公安)${restOfZhClause(20)}`,
          `(?:向|到)(?:有管辖权的)?(?:人民)?法院(?:提起|起诉|申请|诉讼)${restOfZhClause(20)}`,
          `(?:您|你)(?:也)?(?:有权|可以|可)(?:依法)?(?:向|到)?.{0,12}?(?:投诉|起诉|申请|提出|诉讼|反映|仲裁|调解|报案|报警)${restOfZhClause(20)}`,
          ...ZH_IF_SOMEONE,
          `(?:民事纠纷|民事案件|民事诉讼)${restOfZhClause(30)}`,
        ],
      },
    },
  ],
};
