/**
 * The small words the name checks read around a name, as data: titles ("Mr Brown" is an adult),
 * determiners ("the Green"), greetings ("Congratulations King"), words that follow a sentence-opening
 * common word in its ordinary sense ("Hope you…", "Will you…"), class and year words, and the cue
 * words for home addresses and dates of birth. Every matcher puts these in its vocabulary first, with
 * these flags, so the checks can test a token with one array read.
 */

export const W_TITLE = 1 << 0;
export const W_ABBREVIATION = 1 << 1; // may end in a full stop that does not end the sentence ("Mr.", "St.")
export const W_DETERMINER = 1 << 2;
export const W_GREETING = 1 << 3;
export const W_FOLLOWER = 1 << 4; // "Hope you", "May we", "Will everyone"
export const W_CLASS = 1 << 5; // "class", "classes", "form"
export const W_PREPOSITION = 1 << 6; // "in", "from", "of" before a class
export const W_AND = 1 << 7;
export const W_RESIDENCE = 1 << 8; // lives, home, house, address…
export const W_BIRTH = 1 << 9; // born, birth, birthday, dob
export const W_COMMON = 1 << 10; // a name that is also an ordinary English word
export const W_OF = 1 << 11;
export const W_MONTH = 1 << 12; // a month that is also a name: "May", "June"
export const W_TIME_WORD = 1 << 13; // "in May", "early May", "until June"
export const W_PLACE = 1 << 14; // "in Wells", "at Hall Green": a capitalised common word after these is a place
export const W_PAST = 1 << 15; // "King scored", "Day brought": a verb that makes a sentence-opening word a name
export const W_NAME_LEAD = 1 << 16; // "to Brown", "by Brown": in capitals, the only sign that a common word is a name
export const W_CHILD = 1 << 17; // "well done", "goals", "team", "pupils": a sentence about children, where a surname alone may mean a pupil
export const W_THEME = 1 << 18; // "value", "theme", "virtue": "Our value this term is Hope" is a word, not a child
export const W_COPULA = 1 << 19; // "is", "was": "… is Hope"
export const W_WORK = 1 << 21; // "Turner’s seascapes", "Constable’s clouds": a famous person's works, not a pupil's
export const W_NOT_SURNAME = 1 << 20; // after a first name, a capitalised word that is not someone's surname ("Max Year", "Faith Week")

const TITLES =
  'mr mrs ms miss mx dr prof professor sir dame lady lord rev revd reverend rt fr sr cllr councillor coach sensei captain capt sgt pc mayor bishop canon dean imam rabbi pastor madam madame mme mlle monsieur mademoiselle herr frau senor senora signor signora st saint auntie aunt uncle nanny nana grandad grandpa grandma granny nan';
const ABBREVIATIONS = 'mr mrs ms mx dr prof rev revd rt fr sr cllr capt sgt pc st mme mlle no vs approx';
const DETERMINERS = 'the a an this these those our your their his her my its every each another whose';
const GREETINGS =
  'congratulations congrats well thanks thank welcome hello hi dear bravo go hooray hurray cheers goodbye farewell happy good';
const FOLLOWERS =
  'you your yours everyone everybody all we us to the that this it its for and of with be not i they he she so there here a an our my some many more most much no nobody anyone anybody somebody someone will would can could should might may must shall is are was were has have had do does did';
const CLASS_WORDS = 'class classes form forms group';
const PREPOSITIONS = 'in from of';
const AND_WORDS = 'and';
const RESIDENCE =
  'live lives living lived home homes house houses address addresses moved moving flat staying stays stayed neighbour neighbours';
const BIRTH = 'born birth birthday birthdays birthdate dob';
const NAME_LEADS = 'to from by and for with congratulations congrats thanks welcome bravo';
const PLACE_WORDS = 'in at near outside around inside via towards';
const PAST_VERBS =
  'won ran took got came read wrote made gave beat brought went swam threw caught led kept built drew sang saw told found did scores wins says said sang played scored finished';
const CHILD_CUES =
  'done congratulations congrats bravo star stars award awards awarded certificate certificates prize prizes medal medals gold silver bronze goal goals try tries scored scores scorer scorers scoring won wins winner winners winning champion champions championship player players match matches team teams squad captain pupil pupils child children student students race races relay sprint netball football rugby hockey cricket rounders chess tournament gala points runner runners swimmer swimmers girl girls boy boys reading spelling assembly badge badges beat record results result league fixture fixtures heat heats';
const WORKS =
  'painting paintings picture pictures portrait portraits landscape landscapes seascape seascapes sculpture sculptures poem poems poetry novel novels book books stories play plays music symphony symphonies opera art artwork artworks masterpiece masterpieces style technique theory clouds skies works famous';
const THEME_WORDS = 'value values theme themes virtue virtues motto word words';
const COPULAS = 'is was are were be';
const NOT_SURNAMES =
  'week weekend day days term year years class classes group team club assembly fair festival foundation trust appeal award awards cup trophy shield prize garden gardens day night lane road street school primary academy college church chapel centre center hall house park theatre library museum gallery choir band monday tuesday wednesday thursday friday saturday sunday';
const MONTHS = 'january february march april may june july august september october november december';
const TIME_WORDS =
  'in of during until till since from by early late mid next last this every end start beginning before after throughout';

/**
 * Names that are also ordinary words. A surname or first name on this list counts, on its own, only
 * when the way it is written says it is a name (a capital in mid-sentence, not part of a longer proper
 * name, no determiner or title before it). Every other name counts wherever it appears.
 */
export const COMMON_WORD_NAMES = `
brown baker hope will king rose may long young green hall wood church field white black little price bird marsh day moon
hunt strong sharp stone lane banks bank wells well fox grant hart reed bell hill ward cook gray grey short small large
wolf lamb crow swan drake hawk finch sparrow robin wren nightingale heron crane raven rook jay dove parrot peacock
sun star rock street road ford brook brooks pool lake rivers river waters dale vale glen heath bush moss frost snow rain
storm gale joy grace faith summer winter autumn spring holly ivy daisy poppy lily violet iris hazel willow rowan ash oak
elm birch beech pine thorn berry cherry apple olive pearl ruby amber jade crystal gold golden silver penny sterling cash
rich noble good best fair happy merry bliss sweet dear love mark bill pat sue rob jack max kit guy ray art dawn eve sky
skye chance hunter archer fisher farmer miller mason carpenter butcher cooper turner carter parker walker porter page
knight bishop dean judge marshal steward squire lord duke earl baron prince pope saint child old new wise bold brave
hardy swift quick light bright dark cross bond bridge bridges gate gates wall walls tower towers house castle barn mill
mills fields meadow meadows grove woods hills mountain valley shore beach coast north south east west english french
welsh irish rice salt pepper sugar honey bacon ham fish bean peach plum lemon orange cole coal steel iron brass copper
flint clay sand dust fire flame spark burns burn cloud wind hail dew june april august noon night christmas easter
sunday friday chapel temple abbey minister parish friend gentle craft man boy hale fine keen pride worth hay straw corn
wheat barley mustard ginger sage basil rosemary thyme parsley bay laurel myrtle heather fern rush bracken briar bramble
hedge hedges row cliff pebble mount peak burn beck pond moor fen acre lea holt park parks garden gardens orchard yard
court shepherd butler chamber chambers march fry lamb sharpe hood hook cliff cliffs law laws bonds free freeman
summers winters day days knights lamb moody pike salmon trout bass herring shepherd fowler dyer tanner thatcher slater
glover hooper weaver spinner waller brewer draper fuller gardener forester ranger hunt hunter warden keeper
`;

export interface WordEntry {
  word: string;
  flags: number;
}

/** Every static word with its flags, in a fixed order (so ids are the same in every matcher). */
export function staticWords(): WordEntry[] {
  const flags = new Map<string, number>();
  const add = (list: string, flag: number) => {
    for (const w of list.split(/\s+/)) if (w) flags.set(w, (flags.get(w) ?? 0) | flag);
  };
  add(TITLES, W_TITLE);
  add(ABBREVIATIONS, W_ABBREVIATION);
  add(DETERMINERS, W_DETERMINER);
  add(GREETINGS, W_GREETING);
  add(FOLLOWERS, W_FOLLOWER);
  add(CLASS_WORDS, W_CLASS);
  add(PREPOSITIONS, W_PREPOSITION);
  add(AND_WORDS, W_AND);
  add(RESIDENCE, W_RESIDENCE);
  add(BIRTH, W_BIRTH);
  add(COMMON_WORD_NAMES, W_COMMON);
  add('of', W_OF);
  add(MONTHS, W_MONTH);
  add(TIME_WORDS, W_TIME_WORD);
  add(PLACE_WORDS, W_PLACE);
  add(PAST_VERBS, W_PAST);
  add(NAME_LEADS, W_NAME_LEAD);
  add(CHILD_CUES, W_CHILD);
  add(THEME_WORDS, W_THEME);
  add(WORKS, W_WORK);
  add(COPULAS, W_COPULA);
  add(NOT_SURNAMES, W_NOT_SURNAME);
  return [...flags].map(([word, f]) => ({ word, flags: f }));
}

/** Year groups as people write them: "Year 4", "Yr 4", "Y4", "Year Four", "Reception", "Year R", "Nursery". */
export function yearPhrases(): { words: string[]; year: number }[] {
  const numbers = [
    'zero',
    'one',
    'two',
    'three',
    'four',
    'five',
    'six',
    'seven',
    'eight',
    'nine',
    'ten',
    'eleven',
    'twelve',
    'thirteen',
  ];
  const phrases: { words: string[]; year: number }[] = [];
  for (let y = 1; y <= 13; y++) {
    for (const lead of ['year', 'years', 'yr', 'yrs']) {
      phrases.push({ words: [lead, String(y)], year: y });
      phrases.push({ words: [lead, `${y}s`], year: y });
      phrases.push({ words: [lead, numbers[y]!], year: y });
    }
    phrases.push({ words: [`y${y}`], year: y });
    phrases.push({ words: [`yr${y}`], year: y });
  }
  phrases.push({ words: ['reception'], year: 0 }, { words: ['year', 'r'], year: 0 }, { words: ['nursery'], year: -1 });
  return phrases;
}
