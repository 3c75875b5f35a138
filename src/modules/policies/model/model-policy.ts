/**
 * Postwarden's model social media policy (POL-1): the starting point a school or trust adopts and
 * then edits. Written in Postwarden's own words; it covers every topic of the five real policies
 * in the seeds. Keys are stable and cited by other modules; numbers are worked out when shown.
 * Alternatives share a key and carry `when`; {{placeholders}} are filled from the settings.
 */
import type { Condition, PolicyDocument } from './types.ts';

const businessUsePermitted: Condition = { setting: 'businessUse', value: 'with-approval' };
const businessUseNotPermitted: Condition = { setting: 'businessUse', value: 'not-permitted' };

export const MODEL_POLICY: PolicyDocument = {
  title: 'Social media policy',
  sections: [
    {
      key: 'scope',
      title: 'About this policy and who it covers',
      clauses: [
        {
          key: 'scope.purpose',
          title: 'Why this policy exists',
          text: 'Social media helps the school share its news and celebrate what pupils achieve. It also brings risks: to pupils’ safety, to you, and to the school’s good name. This policy sets out how to use it safely and professionally.',
        },
        {
          key: 'scope.what-counts',
          title: 'What we mean by social media',
          text: 'Social media is any website or app where people share posts, photos, videos or messages with others. That includes social networks, messaging apps, video and photo sites, blogs, forums, comment sections and games with chat. New services appear all the time, and this policy applies to all of them.',
        },
        {
          key: 'scope.the-school',
          title: 'The school and the trust',
          text: 'In this policy, ‘the school’ means the school that has adopted it. Where a trust adopts the policy for its schools, it means the trust as well.',
        },
        {
          key: 'scope.people',
          title: 'Who this policy applies to',
          text: 'This policy applies to everyone who works at or for the school: employees on full-time, part-time and fixed-term contracts, supply and agency staff, consultants, contractors, volunteers and governors. In this policy, ‘you’ means any of them. Your duty to keep the school’s information confidential carries on after you leave.',
        },
        {
          key: 'scope.official',
          title: 'What it covers',
          text: 'The policy covers everything posted on the school’s official accounts, and anything else posted in the school’s name. It applies wherever and whenever you post, on any device, whether it belongs to you or to the school.',
        },
        {
          key: 'scope.personal',
          title: 'Your personal accounts',
          text: 'It also covers your personal accounts whenever what you post mentions the school, its pupils, their families or its staff, or could affect your professional standing or the school’s reputation. Personal posts that have nothing to do with the school are your own business.',
        },
        {
          key: 'scope.other-policies',
          title: 'Other policies still apply',
          text: 'Anything that would break another school policy offline breaks it online too. Read this policy alongside the related policies listed at the end.',
        },
        {
          key: 'scope.not-contractual',
          title: 'Not part of your contract',
          text: 'This policy is not part of anyone’s contract of employment. The school may change it by following the review process below.',
        },
      ],
    },
    {
      key: 'personal-use',
      title: 'Your personal use of social media',
      clauses: [
        {
          key: 'personal-use.at-work',
          title: 'Personal use at work',
          when: { setting: 'personalUseAtWork', value: 'never' },
          text: 'Do not use social media for personal reasons during working hours. Do not use the school’s computers, network or other equipment for it at any time.',
        },
        {
          key: 'personal-use.at-work',
          title: 'Personal use at work',
          when: { setting: 'personalUseAtWork', value: 'designated-place' },
          text: 'You may use social media for personal reasons now and then during working hours, but only in the place the school has set aside for it. Keep it out of sight of pupils, keep it professional, and do not let it get in the way of your work.',
        },
        {
          key: 'personal-use.at-work',
          title: 'Personal use at work',
          when: { setting: 'personalUseAtWork', value: 'occasional' },
          text: 'You may use social media for personal reasons now and then during the working day, but not in lessons, not in front of pupils, and not so that it gets in the way of your work. Excessive use may be treated as a disciplinary matter.',
        },
        {
          key: 'personal-use.own-behalf',
          title: 'Speak for yourself',
          text: 'If your profile says where you work, or you post about education, make it clear that your views are your own and not the school’s. A short line in your profile, such as ‘Views are my own’, does this.',
        },
        {
          key: 'personal-use.branding',
          title: 'The school’s name and logo',
          text: 'Do not put the school’s logo, badge or other branding on personal accounts. Avoid naming the school in personal posts.',
        },
        {
          key: 'personal-use.professional-image',
          title: 'Your professional image',
          text: 'Pupils, parents and colleagues may see your accounts. Keep your profile, photos and posts in line with the professional image you show at school. If someone tags you in something inappropriate, remove the tag and ask them to take it down.',
        },
        {
          key: 'personal-use.responsible',
          title: 'You are responsible for what you post',
          text: 'You are personally responsible for everything you post. Assume that anyone can see it, copy it and pass it on, and that it may stay online for good, whatever your privacy settings.',
        },
        {
          key: 'personal-use.think-first',
          title: 'Think before you post',
          text: 'Before you post, ask yourself whether you would be happy to say it in public, in front of pupils, parents and colleagues. If you are in any doubt, do not post it, and talk to your line manager first.',
        },
        {
          key: 'personal-use.official-email',
          title: 'School email and contact details',
          text: 'Do not use your school email address or other school contact details to set up or run personal accounts. Write to parents and others about school business from your school email account, not from personal accounts.',
        },
      ],
    },
    {
      key: 'prohibited',
      title: 'What you must never post, on any account',
      clauses: [
        {
          key: 'prohibited.confidential',
          title: 'Confidential information',
          text: 'Do not post anything confidential about the school, its pupils, their families, its staff, governors or suppliers. This includes disagreements inside the school, staffing matters, pupils’ progress or behaviour, how the school is performing, and plans that have not been announced.',
        },
        {
          key: 'prohibited.offensive',
          title: 'Offensive or discriminatory content',
          text: 'Do not post anything offensive, obscene, sexual, threatening or abusive, or anything that bullies, harasses or discriminates against anyone. That includes remarks about a person’s age, disability, gender reassignment, marriage or civil partnership, pregnancy or maternity, race, religion or belief, sex or sexual orientation.',
        },
        {
          key: 'prohibited.false-statements',
          title: 'False statements and pretending to be someone else',
          text: 'Do not post anything untrue or misleading about anyone, or anything that could unfairly damage their reputation. Do not pretend to be anyone else.',
        },
        {
          key: 'prohibited.reputation',
          title: 'The school’s reputation',
          text: 'Do not post anything that could harm the school’s reputation, even indirectly. Do not criticise or argue with pupils, parents or colleagues online.',
        },
        {
          key: 'prohibited.opinions-on-behalf',
          title: 'Opinions on the school’s behalf',
          text: 'Do not give opinions on the school’s behalf, or post anything that looks as if it comes from the school, unless you have been authorised to.',
        },
        {
          key: 'prohibited.references',
          title: 'References and recommendations',
          text: 'Do not give a reference or recommendation for anyone on the school’s behalf, including on professional networking sites, unless the {{headTitle}} has agreed in writing.',
        },
        {
          key: 'prohibited.unlawful',
          title: 'Anything against the law',
          text: 'Do not post anything that is against the law, and do not encourage anyone else to post something that breaks this policy.',
        },
        {
          key: 'prohibited.grievances',
          title: 'Complaints about work',
          text: 'Do not use social media to complain about work or colleagues. If you are unhappy with a decision that affects you, use the grievance procedure. If you believe something wrong is going on at the school, use the whistleblowing procedure: it protects you in law, and posting about it first may cost you that protection.',
        },
      ],
    },
    {
      key: 'contact',
      title: 'Contact with pupils and families',
      clauses: [
        {
          key: 'contact.pupils-under-age',
          title: 'Friend and follow requests from pupils',
          text: 'Do not send or accept friend, follow or connection requests to or from any current pupil, whatever their age, or any former pupil under {{pupilContactAgeLimit}}. If you receive one, turn it down and tell the {{headTitle}} or a member of the senior leadership team.',
        },
        {
          key: 'contact.private-messages',
          title: 'Private messages',
          text: 'Do not exchange private messages with pupils on social media. Online contact with pupils for teaching and learning goes through the school’s official channels only.',
        },
        {
          key: 'contact.personal-details',
          title: 'Your personal details',
          text: 'Do not give pupils your personal phone number, personal email address, home address or social media details. Do not ask for theirs unless your role needs it.',
        },
        {
          key: 'contact.locate-or-meet',
          title: 'Finding or meeting pupils',
          text: 'Never use anything you learn online to find a pupil or to arrange to meet them outside school.',
        },
        {
          key: 'contact.pupil-approaches',
          title: 'If a pupil contacts you',
          text: 'If a pupil contacts you on a personal account, do not reply. Tell the designated safeguarding lead.',
        },
        {
          key: 'contact.parents',
          title: 'Parents and carers',
          text: 'Do not start or join conversations about school matters with parents or carers on personal accounts; point them to the school’s official channels. Avoid online contact with pupils’ families that could make it hard for you to be fair, or look as if it might.',
        },
      ],
    },
    {
      key: 'business-use',
      title: 'Speaking for the school',
      clauses: [
        {
          key: 'business-use.approval',
          title: 'Approval to speak for the school',
          when: businessUsePermitted,
          text: 'If your role means speaking for the school on social media, ask {{businessUseApprover}} before you do. They may ask you to complete training first, and may set conditions on what you post.',
        },
        {
          key: 'business-use.not-permitted',
          title: 'No one speaks for the school on social media',
          when: businessUseNotPermitted,
          text: 'No one may use social media on the school’s behalf. The school has no official social media accounts. Do not create one, and do not post anything that appears to speak for the school.',
        },
        {
          key: 'business-use.editorial',
          title: 'Editorial responsibility',
          when: businessUsePermitted,
          text: 'Editorial responsibility for everything the school publishes rests with {{postApprovers}}. Nothing goes out until they are satisfied it is accurate and appropriate.',
        },
        {
          key: 'business-use.controversial',
          title: 'Topics that could prove controversial',
          when: businessUsePermitted,
          text: 'Check with a member of the senior leadership team before publishing anything that could prove controversial for the school.',
        },
        {
          key: 'business-use.press-enquiries',
          title: 'Journalists and requests for comment',
          text: 'If a journalist, or anyone else, asks you to comment on the school for publication, on social media or anywhere else, pass the request to the {{headTitle}}. Do not respond unless the {{headTitle}} has agreed in writing.',
        },
      ],
    },
    {
      key: 'accounts',
      title: 'Official school accounts',
      when: businessUsePermitted,
      clauses: [
        {
          key: 'accounts.application',
          title: 'Applying for a new account',
          text: 'Anyone who wants a new official account for the school, such as a page for a department, a club or a parents’ group, applies to the senior leadership team. The application explains what the account is for, its audience, how people will hear about it, the people who will run it, and whether it will be open to all or private.',
        },
        {
          key: 'accounts.approval',
          title: 'Approving an account',
          text: 'The senior leadership team approves or turns down each application and records why. The account administrator sets up an approved account only once the {{headTitle}} has agreed.',
        },
        {
          key: 'accounts.operators',
          title: 'Who runs an account',
          text: 'Every official account is run by at least {{minimumOperators}}, named in its application, so that no account depends on one person.',
        },
        {
          key: 'accounts.readiness',
          title: 'Before you run an account',
          when: { setting: 'operatorTrainingRequired', value: true },
          text: 'Everyone who runs an official account must have signed this policy and completed the school’s training before they start. This includes volunteers and parents.',
        },
        {
          key: 'accounts.readiness',
          title: 'Before you run an account',
          when: { setting: 'operatorTrainingRequired', value: false },
          text: 'Everyone who runs an official account must have signed this policy before they start. This includes volunteers and parents.',
        },
        {
          key: 'accounts.credentials',
          title: 'Passwords and logins',
          text: 'The account administrator keeps the login details for every official account securely. Only the people who run an account are given its details, and each time someone looks them up is recorded. Never share them or keep a copy anywhere else.',
        },
        {
          key: 'accounts.handover',
          title: 'When someone stops running an account',
          text: 'When someone who runs an account leaves the school or stops running it, the account administrator hands the account to another named person or closes it, and changes the password.',
        },
        {
          key: 'accounts.monitoring',
          title: 'Checking accounts',
          text: 'Check each official account at least every {{accountCheckIntervalHours}}, at weekends and in the holidays too, so that problems are spotted and dealt with quickly.',
        },
        {
          key: 'accounts.response-time',
          title: 'Replying to messages',
          when: { setting: 'weekendNextWorkingDay', value: true },
          text: 'Comments, questions and complaints go to the account administrator first. Reply within {{responseDeadlineHours}}, even if only to say the message has arrived. Anything that comes in at a weekend or on a holiday is answered by the end of the next working day.',
        },
        {
          key: 'accounts.response-time',
          title: 'Replying to messages',
          when: { setting: 'weekendNextWorkingDay', value: false },
          text: 'Comments, questions and complaints go to the account administrator first. Reply within {{responseDeadlineHours}}, at weekends and on holidays too, even if only to say the message has arrived.',
        },
        {
          key: 'accounts.tone',
          title: 'Who is posting, and tone',
          text: 'Make it clear who runs the account and who is posting; do not post anonymously about school matters. Write clearly and correctly, in a friendly and professional way that suits the audience. Be respectful to everyone and balanced when you give a view. Think before you reply to a comment; if you are unsure, ask a colleague for a second opinion.',
        },
        {
          key: 'accounts.abuse',
          title: 'Abuse on an official account',
          text: 'If a conversation turns offensive, block, report or delete the comments or the people making them, and tell the audience why you did it.',
        },
        {
          key: 'accounts.parent-comments',
          title: 'Offensive posts by parents and carers',
          text: 'If a parent or carer posts something offensive about the school, the school asks them to remove it and invites them in to talk about their concern. If that does not settle it, the school points them to its complaints procedure.',
        },
        {
          key: 'accounts.no-personal-use',
          title: 'No personal use of official accounts',
          text: 'Never use an official account for personal gain or to share your own views.',
        },
        {
          key: 'accounts.mistakes',
          title: 'Mistakes',
          text: 'If something is posted by mistake, take it down if needed and report it through the school’s reporting process.',
        },
      ],
    },
    {
      key: 'images',
      title: 'Photos, videos and pupils’ names',
      clauses: [
        {
          key: 'images.consent',
          title: 'Consent',
          text: 'Only publish a photo or video of a pupil whose parent or carer has given consent for that particular use, such as the school’s social media, its website or the press. If anyone asks not to be photographed or filmed, respect their wishes.',
        },
        {
          key: 'images.never-publish',
          title: 'Pupils who must never appear',
          text: 'Never publish the name or image of a pupil on the school’s do-not-publish list, such as a looked-after child or a pupil with a child protection plan. There are no exceptions. The school makes sure everyone who takes or chooses photos knows who these pupils are.',
        },
        {
          key: 'images.first-names-only',
          title: 'First names only',
          when: { setting: 'firstNamesOnly', value: true },
          text: 'Use only pupils’ first names in anything the school publishes. Never publish a pupil’s surname.',
        },
        {
          key: 'images.identifying-details',
          title: 'Details that identify a pupil',
          text: 'Do not publish anything else that could identify a pupil or show where to find them, such as their address, their date of birth or the location data stored in a photo file.',
        },
        {
          key: 'images.human-checks',
          title: 'Checking a photo before it goes out',
          text: 'Choose photos of pupils with care. Before one is published, the person approving it checks that every pupil in it is suitably dressed, that no one is being made fun of, and that it shows the pupils and the school appropriately.',
        },
        {
          key: 'images.official-channels',
          title: 'Official channels only',
          text: 'Share photos or videos of pupils only through the school’s official channels, never on personal accounts.',
        },
        {
          key: 'images.compromising',
          title: 'Photos that could be misused',
          text: 'If you take a photo that could be misunderstood or misused, delete it straight away.',
        },
        {
          key: 'images.attribution',
          title: 'Other people’s material',
          text: 'Share someone else’s photos, videos, music or writing, on any account, only if you have their permission, and credit them.',
        },
        {
          key: 'images.tagging',
          title: 'Tagging',
          text: 'Never tag pupils. Turn off tagging on official accounts wherever the platform allows it.',
        },
      ],
    },
    {
      key: 'reporting',
      title: 'Reporting concerns and safeguarding',
      clauses: [
        {
          key: 'reporting.misuse',
          title: 'Misuse of social media',
          text: 'If you know of anyone misusing social media in a way that involves the school, tell the {{headTitle}}.',
        },
        {
          key: 'reporting.safeguarding',
          title: 'Safeguarding concerns',
          text: 'If anything you see online worries you about a child’s safety or welfare, including any inappropriate communication with a child, report it to the designated safeguarding lead straight away. Do not wait, and do not investigate it yourself: the child may need help urgently.',
        },
        {
          key: 'reporting.allegations-about-adults',
          title: 'Concerns about an adult who works at the school',
          text: 'If the {{headTitle}} learns that an adult working at the school may be using social media inappropriately with children, they record it under the child protection policy and refer it to the local authority designated officer (LADO). The school takes no action against the adult until the LADO has advised, including on suspension, and keeps a record of that advice. If the concern is about the {{headTitle}}, tell the chair of governors instead.',
        },
        {
          key: 'reporting.about-the-school',
          title: 'Posts about the school',
          text: 'If you see something online that criticises the school or reflects badly on it, tell the {{headTitle}}. Do not reply to it yourself.',
        },
        {
          key: 'reporting.abuse-received',
          title: 'Abuse you receive',
          text: 'If someone harasses or abuses you online while you are using a work account, or a colleague targets you online, tell a member of the senior leadership team.',
        },
      ],
    },
    {
      key: 'cyberbullying',
      title: 'If you are targeted online',
      clauses: [
        {
          key: 'cyberbullying.report',
          title: 'Do not respond; tell a senior leader',
          text: 'If you are bullied, abused or misrepresented online, do not reply or get drawn in. Report it straight away to a member of the senior leadership team. This includes untrue or hurtful posts about you, and photos or videos of you used without your permission.',
        },
        {
          key: 'cyberbullying.evidence',
          title: 'Keep evidence',
          text: 'Keep a record: screenshots or copies of the messages, posts or pages, with the date, the time and the web address.',
        },
        {
          key: 'cyberbullying.investigation',
          title: 'Looking into it',
          text: 'The senior leader looks into your report promptly. If a pupil is responsible, the behaviour policy applies.',
        },
        {
          key: 'cyberbullying.takedown',
          title: 'Getting material removed',
          text: 'The school asks the site to remove or correct the material within {{takedownTargetHours}} of your report. If the site will deal only with you, the school helps you make the request.',
        },
        {
          key: 'cyberbullying.follow-up',
          title: 'Checking it has gone',
          text: 'The school checks that the material has been removed. If the site does not co-operate, the school asks the internet service provider to act.',
        },
        {
          key: 'cyberbullying.police',
          title: 'Threats',
          text: 'If the material is threatening or intimidating, the school reports it to the police, with your consent.',
        },
        {
          key: 'cyberbullying.support',
          title: 'Support for you',
          text: 'The school offers you support, including counselling if you need it.',
        },
      ],
    },
    {
      key: 'confidentiality',
      title: 'Confidential information and personal data',
      clauses: [
        {
          key: 'confidentiality.personal-data',
          title: 'Personal data',
          text: 'Treat personal data about pupils, families and staff as data protection law requires. Never share it on social media, and never use it for anything other than your work.',
        },
        {
          key: 'confidentiality.personal-gain',
          title: 'Using information for personal gain',
          text: 'Do not use anything you learn through your work for personal gain, or pass it to anyone who might.',
        },
        {
          key: 'confidentiality.data-breach',
          title: 'If personal data is posted',
          text: 'If personal data is posted by mistake or without permission, tell the data protection lead at once. The school may have to report it to the Information Commissioner’s Office within 72 hours.',
        },
      ],
    },
    {
      key: 'privacy',
      title: 'Privacy settings and staying safe',
      clauses: [
        {
          key: 'privacy.settings',
          title: 'Privacy settings',
          text: 'Set your personal accounts to the most private settings available, so that they are not public. Check them often, because platforms change their settings without warning. Do not let pupils see or post on your accounts.',
        },
        {
          key: 'privacy.personal-details',
          title: 'Personal details and connections',
          text: 'Keep details such as your date of birth, home address and phone number off social media: they can be used to steal your identity or guess your passwords. Be wary of requests from people you do not know, and think carefully before connecting with colleagues: it blurs the line between work and home.',
        },
        {
          key: 'privacy.different-name',
          title: 'Using a different name',
          text: 'You may use a different name on personal accounts so that pupils cannot easily find you.',
        },
        {
          key: 'privacy.check-in',
          title: 'Privacy check-ins',
          text: 'Now and then the school asks you to confirm that you have checked your privacy settings.',
        },
      ],
    },
    {
      key: 'monitoring',
      title: 'Monitoring',
      clauses: [
        {
          key: 'monitoring.school-systems',
          title: 'School systems',
          text: 'The school may monitor and record how its own computers, network and devices are used, including for social media, to check that its rules are kept and for other lawful reasons. Do not expect privacy when you use school equipment.',
        },
        {
          key: 'monitoring.individual',
          title: 'Monitoring one person',
          text: 'The school monitors a particular person’s use only when there is a justified concern. The {{headTitle}} authorises it, the reason is recorded, and what is gathered is handled under the data protection policy.',
        },
        {
          key: 'monitoring.public-posts',
          title: 'Public posts about the school',
          text: 'The school keeps track of public posts about it and responds to them in line with this policy.',
        },
      ],
    },
    {
      key: 'breaches',
      title: 'Breaking this policy',
      clauses: [
        {
          key: 'breaches.investigation',
          title: 'Investigation',
          text: 'If you are suspected of breaking this policy, it is investigated under the disciplinary procedure, or the bullying and harassment procedure. You are expected to co-operate, for example by showing the content and confirming whether you posted it.',
        },
        {
          key: 'breaches.seriousness',
          title: 'How serious a breach is',
          text: 'How serious a breach is depends on what was posted, how long it could be seen, how likely it is to be passed on, and the harm done to people or to the school.',
        },
        {
          key: 'breaches.discipline',
          title: 'Disciplinary action',
          text: 'If you break this policy, you may face disciplinary action. A serious breach, such as bullying a colleague or doing serious harm to the school, may be gross misconduct and can lead to dismissal.',
        },
        {
          key: 'breaches.removal',
          title: 'Taking content down',
          text: 'You may be asked to remove content that breaks this policy. Refusing may itself lead to disciplinary action.',
        },
        {
          key: 'breaches.unlawful',
          title: 'Breaking the law',
          text: 'Where something posted may be against the law, the school reports it to the police or other agencies.',
        },
        {
          key: 'breaches.pupils',
          title: 'Pupils',
          text: 'Pupils who post offensive or inappropriate content about the school or its community are dealt with under the behaviour policy.',
        },
        {
          key: 'breaches.contractors',
          title: 'Contractors',
          text: 'If a contractor learns that one of their workers has broken this policy, they must tell the school and take suitable action.',
        },
      ],
    },
    {
      key: 'review',
      title: 'Review and signing',
      clauses: [
        {
          key: 'review.cycle',
          title: 'Regular review and approval',
          text: 'The school reviews this policy every {{reviewCycleMonths}}. Each new version is approved before it takes effect, and what changed is recorded in its revision history.',
        },
        {
          key: 'review.early',
          title: 'Earlier review',
          text: 'It is reviewed sooner if the law or official guidance changes, a court decision affects it, or a serious incident shows that it needs to change.',
        },
        {
          key: 'review.consultation',
          title: 'Consultation',
          when: { setting: 'tradeUnionsConsulted', value: true },
          text: 'The school consults the recognised trade unions before it changes this policy.',
        },
        {
          key: 'signing.statement',
          title: 'Reading and signing',
          text: 'Everyone this policy applies to reads and signs each new version. By signing, you confirm: ‘{{signingStatement}}’',
        },
      ],
    },
  ],
  relatedPolicies: [
    'Staff code of conduct',
    'Child protection and safeguarding policy',
    'Online safety policy',
    'Acceptable use of ICT agreement',
    'Data protection policy and privacy notices',
    'Disciplinary policy and procedure',
    'Bullying and harassment policy',
    'Grievance procedure',
    'Whistleblowing policy',
    'Behaviour policy',
    'Complaints procedure',
    'Equality policy',
    'Photographs and images policy',
  ],
  legislation: [
    {
      title: 'Data Protection Act 2018 and UK GDPR',
      why: 'Sets the rules for using personal information about pupils, families and staff, photos included.',
    },
    {
      title: 'Keeping Children Safe in Education (statutory guidance)',
      why: 'Sets the school’s safeguarding duties, including online safety and allegations about adults.',
    },
    {
      title: 'Human Rights Act 1998',
      why: 'Protects privacy and free expression, which the school must weigh when it limits or monitors use.',
    },
    {
      title: 'Equality Act 2010',
      why: 'Makes discrimination and harassment because of a protected characteristic unlawful.',
    },
    {
      title: 'Defamation Act 2013',
      why: 'Means that posting untrue statements that harm someone’s reputation can lead to being sued.',
    },
    {
      title: 'Malicious Communications Act 1988',
      why: 'Makes sending grossly offensive or threatening messages to cause distress a crime.',
    },
    {
      title: 'Communications Act 2003',
      why: 'Makes sending grossly offensive, indecent or menacing messages over a public network a crime.',
    },
    {
      title: 'Protection from Harassment Act 1997',
      why: 'Makes repeated conduct that harasses someone a crime and a ground for a claim.',
    },
    {
      title: 'Copyright, Designs and Patents Act 1988',
      why: 'Protects photos, videos, music and writing, so you need permission to share them.',
    },
    {
      title: 'Regulation of Investigatory Powers Act 2000 and Investigatory Powers Act 2016',
      why: 'Set when the school may lawfully monitor and record the use of its own systems.',
    },
    {
      title: 'Computer Misuse Act 1990',
      why: 'Makes getting into someone else’s account or computer without permission a crime.',
    },
    {
      title: 'Online Safety Act 2023',
      why: 'Requires platforms to deal with illegal and harmful content, and created offences such as threatening communications.',
    },
    {
      title: 'Public Interest Disclosure Act 1998',
      why: 'Protects staff who raise concerns about wrongdoing through the proper routes.',
    },
    {
      title: 'Education and Inspections Act 2006',
      why: 'Lets the school act on pupils’ behaviour outside school, including online.',
    },
  ],
};
