/**
 * MON-5 mention matching (issue 10): the phrase matcher over a pattern set the size of every school
 * name in England plus a trust's staff — 100,000 phrases — against `rg -F -f patterns` on the same
 * lower-cased corpus, both measured in this run. Targets: scanning ≥ 100 MB/s on one core, ≥ half
 * ripgrep's speed, building in under 0.5 s.
 *
 * The names are generated, seeded, from word lists (no data is downloaded):
 * - 25,000 school names like the register's: a place (two syllables from lists of English place-name
 *   parts, "Ash" + "bury", sometimes with "Upper"/"Great" or a second place "on Sea"), or a saint's
 *   dedication ("St Mary's Church of England"), then a kind ("Primary School", "Academy", "Infant
 *   School", "Community College"…); plus a short name for a fifth of them ("Ashbury Primary");
 * - 75,000 staff names: a first name from 120 and a surname from 200, with a middle initial or a
 *   double-barrelled surname when the pair is already taken, so every phrase is distinct.
 * The corpus is 100 MB of news-like lines (words from a 400-word list) with one phrase dropped into
 * roughly every twentieth line, lower-cased for ripgrep (the matcher folds case itself).
 *
 * ripgrep runs with one thread (-j1), counting matching lines (-c) so writing output costs it
 * nothing; it stops reading a line at its first match, which if anything flatters it.
 *
 * Run alone: node --import tsx bench/mentions.ts
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PhraseMatcher } from '../src/modules/mentions/matching/phrase-matcher.ts';
import { seededRandom } from '../test/support/random.ts';
import type { BenchResult } from './import.ts';

const SCHOOLS = 25_000;
const STAFF = 75_000;
const CORPUS_MB = 100;

const PREFIX = (
  'ash,oak,elm,beech,birch,hazel,holly,willow,alder,thorn,bram,brad,brom,chad,chel,ched,dun,eas,fair,' +
  'fern,ford,green,ham,hart,hay,hol,kings,lang,lea,lit,mar,mid,mill,mor,nor,old,pen,red,rich,rock,rom,' +
  'sand,shel,south,stan,stock,stow,sut,tad,thorn,wal,war,wes,whit,wick,win,wood,wor,york,bel,cal,dar,' +
  'ever,gal,hilt,ick,kel,lyd,mal,nether,ot,pad,quen,rad,sal,tam,ux,ven,wil,ab,bix,cran,dor,ep,frim'
).split(',');
const SUFFIX = (
  'bury,by,caster,chester,combe,cote,dale,den,don,field,ford,gate,ham,hampton,hurst,ing,ington,land,' +
  'ley,low,mere,minster,mouth,ness,over,port,sey,stead,stoke,ton,thorpe,wick,worth,wood,well,bridge,' +
  'brook,burn,cliffe,croft,dean,end,fold,green,head,holme,marsh,moor,sett,shaw,side,stone,vale,water'
).split(',');
const SAINTS = (
  'Mary,John,Peter,Paul,Andrew,George,Michael,Joseph,Anne,Margaret,Catherine,Thomas,James,Matthew,' +
  'Mark,Luke,Stephen,Bartholomew,Nicholas,Augustine,Bede,Chad,Cuthbert,Hilda,Aidan,Edmund,Alban,Wilfrid'
).split(',');
const FAITH = ['Church of England', 'Catholic', 'CofE', 'C of E', 'Roman Catholic', 'Methodist', ''];
const KINDS = [
  'Primary School',
  'Primary Academy',
  'Academy',
  'Infant School',
  'Junior School',
  'Nursery School',
  'High School',
  'School',
  'Community College',
  'Church School',
  'Secondary School',
  'Grammar School',
  'Free School',
  'Sixth Form College',
  'First School',
  'Middle School',
  'Special School',
  'Studio School',
];
const QUALIFIERS = ['Upper', 'Lower', 'Great', 'Little', 'North', 'South', 'East', 'West', 'Old', 'New'];
const FIRST = (
  'Oliver,Amelia,George,Isla,Harry,Ava,Noah,Mia,Jack,Ivy,Leo,Lily,Arthur,Isabella,Muhammad,Rosie,Oscar,' +
  'Sophia,Charlie,Grace,Jacob,Freya,Thomas,Willow,Henry,Olivia,William,Emily,Alfie,Poppy,Joshua,Ella,' +
  'Freddie,Evie,Archie,Florence,Ethan,Sienna,Isaac,Daisy,Alexander,Phoebe,Joseph,Harper,Edward,Sofia,' +
  'Samuel,Matilda,Max,Elsie,Daniel,Ruby,Arlo,Isabelle,Adam,Esme,Lucas,Emilia,Mohammed,Aria,Logan,Eva,' +
  'Dylan,Maya,Jaxon,Alice,James,Millie,Louie,Chloe,Reuben,Jessica,Finley,Hannah,Sebastian,Lucy,Toby,' +
  'Zara,Benjamin,Aisha,David,Priya,Tomasz,Zofia,Ahmed,Fatima,Kwame,Amara,Siobhan,Niamh,Ciaran,Aoife,' +
  'Rhys,Cerys,Dafydd,Seren,Callum,Eilidh,Hamish,Morag,Yusuf,Maryam,Ravi,Anjali,Chen,Mei,Kofi,Ama,' +
  'Stefan,Ana,Luca,Giulia,Pedro,Ines,Marek,Katarzyna,Sean,Bridget,Graham,Pauline'
).split(',');
const SURNAMES = (
  'Smith,Jones,Taylor,Brown,Williams,Wilson,Johnson,Davies,Robinson,Wright,Thompson,Evans,Walker,White,' +
  'Roberts,Green,Hall,Wood,Jackson,Clarke,Patel,Khan,Lewis,James,Phillips,Mason,Mitchell,Rose,Davis,' +
  'Rodriguez,Cox,Alexander,Cooper,Morris,Ward,Morgan,King,Turner,Hill,Scott,Watson,Harris,Moore,Young,' +
  'Baker,Carter,Anderson,Edwards,Allen,Parker,Price,Bennett,Griffiths,Hughes,Kelly,Lee,Martin,Murphy,' +
  'Ahmed,Ali,Begum,Hussain,Shah,Singh,Kaur,Sharma,Chowdhury,Rahman,Okafor,Mensah,Adeyemi,Owusu,Nowak,' +
  'Kowalski,Wisniewski,Murray,Campbell,Stewart,Macdonald,Reid,Ross,Fraser,Byrne,Ryan,Obrien,Doyle,' +
  'Walsh,Lynch,Kennedy,Quinn,Gallagher,Owen,Pritchard,Lloyd,Rees,Powell,Jenkins,Howells,Nguyen,Tran,' +
  'Chen,Wang,Li,Zhang,Liu,Rossi,Bianchi,Silva,Santos,Costa,Pereira,Fernandes,Dubois,Martins,Novak,' +
  'Horvat,Popescu,Ionescu,Ivanov,Petrov,Schmidt,Muller,Fischer,Weber,Hoffmann,Wagner,Becker,Schulz,' +
  'Bailey,Cook,Bell,Richardson,Cox,Howard,Ward,Wood,Foster,Gray,Hughes,Butler,Barnes,Fisher,Henderson,' +
  'Palmer,Mills,Knight,Lloyd,Hunt,Webb,Holmes,Simpson,Stevens,Dixon,Burton,Fox,Rogers,Harvey,Ellis,' +
  'Chapman,Pearson,Marshall,Owens,Gibson,Shaw,Reynolds,Hart,Dean,Lane,Ford,Cole,Matthews,Pearce,West,' +
  'Fletcher,Atkinson,Barker,Booth,Day,Hudson,Payne,Berry,Lawrence,Holland,Spencer,Gardner,Stone,Field,' +
  'Hawkins,Burns,Sutton,Kaya,Yilmaz,Demir,Osei,Boateng,Nwosu,Eze,Abubakar,Mahmood,Iqbal,Akhtar,Bibi'
).split(',');
const TEXT_WORDS = (
  'the,a,and,of,to,in,is,was,for,on,that,with,as,at,by,this,from,it,be,are,have,has,had,will,said,' +
  'school,pupils,children,parents,teacher,head,council,local,news,today,week,year,new,after,before,' +
  'about,their,they,them,we,our,us,you,your,he,she,his,her,who,which,what,when,where,why,how,more,' +
  'most,some,many,all,every,one,two,three,four,five,ten,first,last,next,road,street,park,town,village,' +
  'city,county,centre,hall,church,library,shop,market,bus,train,car,walk,run,play,game,match,team,' +
  'club,cup,win,lost,draw,goal,score,fund,raise,charity,event,fair,fete,concert,show,play,drama,music,' +
  'art,science,maths,english,history,reading,writing,exam,results,ofsted,report,inspection,good,' +
  'outstanding,improve,staff,governors,trust,academy,budget,funding,building,plans,planning,approved,' +
  'refused,meeting,residents,neighbours,traffic,parking,safety,crossing,lollipop,warden,police,fire,' +
  'service,ambulance,hospital,doctor,nurse,health,weather,rain,snow,sun,wind,flood,storm,closed,open,' +
  'holiday,term,half,summer,winter,spring,autumn,christmas,easter,nativity,assembly,uniform,lunch,' +
  'meals,free,breakfast,after-school,sport,football,netball,cricket,rugby,swimming,athletics,medal,' +
  'trophy,award,prize,winner,celebrate,proud,thanks,thank,congratulations,well,done,great,happy,sad,' +
  'concern,worried,complaint,petition,campaign,protest,support,volunteer,help,appeal,donate,collect,' +
  'food,bank,clothes,books,toys,gifts,cards,letters,photos,video,online,website,facebook,post,comment,' +
  'share,like,follow,forum,group,page,story,article,column,editor,reporter,press,radio,tv,bbc,itv,' +
  'morning,afternoon,evening,night,monday,tuesday,wednesday,thursday,friday,saturday,sunday,january,' +
  'february,march,april,may,june,july,august,september,october,november,december,mr,mrs,ms,miss,dr,' +
  'former,pupil,student,students,class,form,group,year,reception,nursery,infants,juniors,seniors,sixth,' +
  'college,university,apprentice,job,jobs,work,worker,business,shop,owner,family,families,mum,dad,' +
  'grandparents,baby,boy,girl,young,old,people,person,community,area,estate,farm,field,river,bridge,' +
  'hill,wood,lane,close,avenue,way,green,square,station,airport,port,beach,coast,sea,lake,canal,path'
).split(',');

export function schoolNames(random: () => number): string[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const place = () => {
    const p = pick(PREFIX) + pick(SUFFIX);
    const name = p[0]!.toUpperCase() + p.slice(1);
    const r = random();
    if (r < 0.12) return `${pick(QUALIFIERS)} ${name}`;
    if (r < 0.17) return `${name} on Sea`;
    return name;
  };
  const seen = new Set<string>();
  const names: string[] = [];
  while (names.length < SCHOOLS) {
    let name: string;
    const r = random();
    if (r < 0.3) {
      const faith = pick(FAITH);
      name = `St ${pick(SAINTS)}'s ${faith ? `${faith} ` : ''}${pick(KINDS)}`;
      if (random() < 0.7) name = `${place()} ${name}`;
    } else if (r < 0.4) name = `The ${place()} ${pick(KINDS)}`;
    else name = `${place()} ${pick(KINDS)}`;
    if (seen.has(name)) continue;
    seen.add(name);
    names.push(name);
    // A fifth go by a shorter name as well ("Ashbury Primary").
    if (random() < 0.2 && names.length < SCHOOLS) {
      const short = name.replace(/ (School|Academy)$/, '');
      if (short !== name && !seen.has(short)) {
        seen.add(short);
        names.push(short);
      }
    }
  }
  return names;
}

export function staffNames(random: () => number): string[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const seen = new Set<string>();
  const names: string[] = [];
  while (names.length < STAFF) {
    let name = `${pick(FIRST)} ${pick(SURNAMES)}`;
    if (seen.has(name))
      name = `${pick(FIRST)} ${String.fromCharCode(65 + Math.floor(random() * 26))} ${pick(SURNAMES)}`;
    if (seen.has(name)) name = `${pick(FIRST)} ${pick(SURNAMES)}-${pick(SURNAMES)}`;
    if (seen.has(name)) continue;
    seen.add(name);
    names.push(name);
  }
  return names;
}

function corpus(random: () => number, patterns: readonly string[], bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const words: string[] = [];
    const length = 30 + Math.floor(random() * 60);
    for (let i = 0; i < length; i++) words.push(TEXT_WORDS[Math.floor(random() * TEXT_WORDS.length)]!);
    if (random() < 0.05)
      words.splice(Math.floor(random() * length), 0, patterns[Math.floor(random() * patterns.length)]!);
    const line = `${words.join(' ')}.`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

const mbps = (bytes: number, ms: number): number => Math.round((bytes / 1e6 / (ms / 1000)) * 10) / 10;

export async function benchMentions(): Promise<BenchResult[]> {
  const random = seededRandom(10);
  const patterns = [...schoolNames(random), ...staffNames(random)];
  const text = corpus(random, patterns, CORPUS_MB * 1e6).toLowerCase();
  const lowered = patterns.map((p) => p.toLowerCase());

  // Build: best of three (the first run also pays for compiling the builder).
  let build = Number.POSITIVE_INFINITY;
  let matcher!: PhraseMatcher;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    matcher = new PhraseMatcher(patterns);
    build = Math.min(build, performance.now() - t0);
  }

  // Scan: the whole corpus, line by line as items arrive, best of three.
  const lines = text.split('\n');
  let scan = Number.POSITIVE_INFINITY;
  let found = 0;
  let linesWithHits = 0;
  for (let round = 0; round < 3; round++) {
    found = 0;
    linesWithHits = 0;
    const t0 = performance.now();
    for (const line of lines) {
      const n = matcher.count(line);
      found += n;
      if (n) linesWithHits++;
    }
    scan = Math.min(scan, performance.now() - t0);
  }

  // ripgrep on the same lower-cased corpus and phrases, one thread, best of three.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-mentions-'));
  let rgMs = Number.NaN;
  let rgLines = Number.NaN;
  try {
    const patternFile = path.join(dir, 'patterns.txt');
    const corpusFile = path.join(dir, 'corpus.txt');
    fs.writeFileSync(patternFile, `${lowered.join('\n')}\n`);
    fs.writeFileSync(corpusFile, text);
    rgMs = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 3; round++) {
      const t0 = performance.now();
      const out = execFileSync('rg', ['-F', '-c', '-j1', '--no-mmap', '-f', patternFile, corpusFile], {
        encoding: 'utf8',
      });
      rgMs = Math.min(rgMs, performance.now() - t0);
      rgLines = Number(out.trim());
    }
  } catch (error) {
    console.error(`ripgrep could not run: ${(error as Error).message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const ourSpeed = mbps(text.length, scan);
  const rgSpeed = mbps(text.length, rgMs);
  return [
    {
      name: `Mention matching: ${patterns.length.toLocaleString('en-GB')} phrases over ${CORPUS_MB} MB (MON-5)`,
      figures: {
        phrases: patterns.length,
        'automaton states': matcher.stateCount,
        'build (ms, best of 3)': Math.round(build),
        'build target (ms)': 500,
        'scan (MB/s, one core)': ourSpeed,
        'scan target (MB/s)': 100,
        'ripgrep -F -j1 (MB/s, same corpus)': rgSpeed,
        'speed ÷ ripgrep (target ≥ 0.5)': Math.round((ourSpeed / rgSpeed) * 100) / 100,
        'phrases found': found,
        'lines with a phrase (ours)': linesWithHits,
        'lines with a phrase (ripgrep, substrings)': rgLines,
      },
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await benchMentions()) {
    console.log(`\n## ${r.name}`);
    for (const [k, v] of Object.entries(r.figures)) console.log(`  ${k.padEnd(44)} ${v}`);
  }
}
