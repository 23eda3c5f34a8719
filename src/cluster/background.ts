/**
 * A frozen background table of general vocabulary: for each stemmed term, ten times
 * -ln(fraction of documents containing it), keeping only terms that are common (≥ 2 % of
 * documents) in BOTH of two independent full-text news corpora (the newscluster and ECB+ texts,
 * labels unused). Taking the minimum over independent corpora keeps topic words out: a word
 * frequent in one corpus only (a story's names) is not general vocabulary. Any term not listed
 * is treated as rare. Frozen, so term weights never depend on arrival order.
 * Rebuilt by `npx tsx scripts/cluster.ts --build-background A.jsonl B.jsonl`.
 */
const LEVELS: Record<number, string> = {
  10: 'two',
  11: 'peopl',
  15: 'call polic',
  16: 'city expect first includ old',
  17: 'head second',
  18: 'area car follow high',
  19: 'company hit hom look million night three work',
  20: 'family four leav mov official several',
  21: 'appear center clos country going help it man south team',
  22: '30 across caus didn\'t enter found go happen hour left liv morn part party plac point receiv record saying start',
  23: 'build chief due early felt half hospital local long nam plan press provinc remain right season set show star suspect system th victim',
  24: '10 11 american announc bas check coach continu driver fan fiv former list major manager north number outsid releas run saw sit stop woman',
  25: 'allow authority block chang christma com customer cut describ driv end known main month open provid recently statement stor third updat',
  26: '12 abl add ago condition confirm decision far gam incident larg lat later play quickly sign speed spokesman try world',
  27: '15 20 agency arrest assistant bring capital currently damag dead detail different difficult forc front identify issu kill know likely manag mark need officer past position problem return seven six stat street taken talk vehicl want wasn\'t witness',
  28: '19 account adding along attack began cas ceo charg communication cost current december died don\'t earlier east employee experienc fir general hundr immediately insid jam lead level link lost lot making market middl mil national nba nearby northern occur ocean operation phon post provider public pull result ring scen september southern spokeswoman suffer support think thousand together turn wound',
  29: '2007 arriv associat find get hard hug international keep largest massiv men minut send sent struggl',
  30: '2012 already amount bad choic free giv great group hand hold i\'m improv july management media member miss reach seem serious small spac speak wall wif',
  31: '13 14 31 48 90 accident accus afp afternoon alert ask away behind better big brought centr coupl crash creat deal death destroy dozen escap fac firm friend futur gav heard increas interest latest lif limit measur october offer order percent player power powerful reason region rest sea sery shortly spread stay surround target ten total unit user using warn websit west window',
  32: '100 best carry co coming concern control criminal david decid despit feel given involv minor onto previously re red sid similar stand tent thought top we\'r young',
  33: 'access airport appearanc billion body break claim contact dat develop doctor drop energy excit fear february film fourth good guard he hop instead january join light march mean operat possibl process quit reportedly request reveal search seek singl smok ther tv water weather win york zon',
  34: '2004 2013 35 70 abu action address analyst apparently april arm believ bit brok cash collaps complet connect connection cor crew data design director disaster europ even executiv finally floor fully ground held industry injur injury investigation job law locat lock low medical partner privacy recent recovery resident respond road rush scal servic shoot shop staff strong technology town trying walk',
  35: '2010 ability alleg arab attend broken career children engin full heart hir jun kilometr km launch onlin pass pictur platform potential publish relationship rock round she shock son soon specific strik tackl taking that transport university week won',
  36: '18 2002 47 60 admit averag chanc clear deploy earth eight equipment event extremely feet government higher host intend interview introduc kind knew littl lov messag ministry minnesota nearly non normal personnel previous purchas ready relat requir research retir rival security shar surpris truck whit',
  38: '120 16 2003 2008 21 22 24 26 27 39 50 65 actress additional affect africa agreed air alcohol allegedly alongsid alternativ appreciat attempt august availabl avoid battl begin benefit biggest blood boss box breast brother casualty caught cctv cell championship child circuit cloud collid combin commercial commit contract couldn\'t craft declin deliver depend devastat devic door dramatically drov drunk easy effort electricity enjoy enough entranc especially estimat eventually everyon everyth exit explain extend facing factor fast fastest femal fifth figur fle forth forward fun geological girl happy hill history husband idea indicat information internet judg kept kilometer land larger leader leagu led lin load longer los magnitud meet memory mobil moving natur newly noth notic offic opportunity originally owner paid pc personal pm positiv potentially president prevent prior program provincial put question quot rais rang real recover register relation resolv ris risk rol sav section secur seriously serv sever shaken ship short shot significant situation social someon spark spend spokesperson squar station step stock story strategy struck supply sur television term thank tip trad treatment villag we\'v word worker worth wrong',
}

/** Weight for a term not in the table: ln(100), i.e. rarer than 1 document in 100. */
export const RARE_IDF = 4.6

const TABLE = new Map<string, number>()
for (const [level, words] of Object.entries(LEVELS)) {
  for (const w of words.split(' ')) TABLE.set(w, Number(level) / 10)
}

/**
 * Order-free inverse document frequency of a stemmed term.
 * @example idf('peopl') // 1.1, idf('waitros') // 4.6
 */
export function idf(term: string): number {
  return TABLE.get(term) ?? RARE_IDF
}

/**
 * The background fraction of documents containing a term: e^-idf (0.01 for a term not in the
 * table). The prior of the stream's own counts (term-stats.ts).
 * @example backgroundFraction('waitros') // 0.01
 */
export function backgroundFraction(term: string): number {
  return FRACTIONS.get(term) ?? RARE_FRACTION
}

const RARE_FRACTION = Math.exp(-RARE_IDF)
const FRACTIONS = new Map([...TABLE].map(([t, w]) => [t, Math.exp(-w)]))
