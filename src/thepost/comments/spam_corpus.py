"""The starter training set for the local spam classifier (:mod:`thepost.comments.spam`).

Written for this project: the legitimate comments are the kind a local news site gets
(agreement, disagreement, corrections, questions, local knowledge, now and then one link
to a council or government page); the spam is the kind every comment form gets (pills,
casinos, crypto and forex schemes, link drops, "great post, visit my site", loans, dating
come-ons, fake support numbers). The people, places and the spammers' web sites are made
up (a resemblance to a real site is an accident); phone numbers are in the ranges kept for
fiction (555-01xx, 07700 900xxx); the government pages the legitimate comments link to are
real public pages.

:func:`thepost.comments.spam.ensure_trained` learns these once, when the table is empty;
moderators' decisions then teach the classifier about the site's own readers.
"""

from __future__ import annotations

# (name, email, website, body)
_Row = tuple[str, str, str, str]

_HAM: list[_Row] = [
    (
        "Margaret Hollis",
        "m.hollis@btinternet.com",
        "",
        "I live on Station Road and the flooding last winter was worse than this article "
        "suggests. The drain by the post office has been blocked since October and nobody "
        "from the council has come out despite three reports.",
    ),
    (
        "Dev Patel",
        "devpatel88@gmail.com",
        "",
        "Good piece. The figures on bus punctuality match what I see on the 42 every morning.",
    ),
    ("Alan", "alan.r@outlook.com", "", "Agreed."),
    (
        "Sarah Whitcombe",
        "sarah.whitcombe@icloud.com",
        "",
        "Small correction: the library on Mill Lane opened in 1987, not 1978. My mother "
        "worked there from the first day.",
    ),
    (
        "J. Okafor",
        "jokafor@protonmail.com",
        "",
        "Does anyone know whether the consultation on the new cycle lanes is still open? The "
        "article says it closes on Friday but the council page says the end of the month.",
    ),
    (
        "Pete Lambert",
        "pete.lambert@yahoo.co.uk",
        "",
        "I disagree with the editorial. Closing the high street to cars on Saturdays will hurt "
        "the small shops, not help them. Most of their customers drive in from the villages.",
    ),
    (
        "Helen Marsh",
        "helenmarsh@gmail.com",
        "",
        "The planning documents are public, for anyone who wants to read the objections "
        "themselves: https://www.eastfield.gov.uk/planning/applications/2026-0412",
    ),
    ("Tom", "tom.b@hotmail.co.uk", "", "Thanks for covering this. Nobody else did."),
    (
        "Ruth Adeyemi",
        "ruth.adeyemi@gmail.com",
        "",
        "As a nurse at the General I can say the waiting times in A&E are not the whole "
        "story. Discharge delays are what back everything up, because there are not enough "
        "care home places in the county.",
    ),
    (
        "Graham Fenwick",
        "g.fenwick@talktalk.net",
        "",
        "My grandfather worked at the brickworks that used to stand where the retail park is "
        "now. There is a photo of the chimney coming down in the museum, worth a look if "
        "you are passing.",
    ),
    (
        "Lucy",
        "lucy.h@gmail.com",
        "",
        "Is the Saturday market moving permanently or just while the square is resurfaced?",
    ),
    (
        "Chris Dunmore",
        "chris@dunmorejoinery.co.uk",
        "https://dunmorejoinery.co.uk",
        "We are one of the businesses on Bridge Street. The roadworks have cut our passing "
        "trade by about a third since March, so I am glad someone is finally asking the "
        "council how long they will last.",
    ),
    (
        "Anne-Marie Kowalski",
        "amkowalski@outlook.com",
        "",
        "The headline says the tax rise is 5% but the table further down says 4.99%. Small "
        "difference, I know, but it matters when people quote it.",
    ),
    (
        "Bill Harrington",
        "billharrington@gmail.com",
        "",
        "Another scheme that will be over budget and late. I will believe it when I see it.",
    ),
    (
        "Priya",
        "priya.s@gmail.com",
        "",
        "Lovely to read about the allotment society winning the regional prize. They work so "
        "hard on that site and the open day in June is always a treat for the kids.",
    ),
    (
        "Martin Cole",
        "martin.cole@btinternet.com",
        "",
        "You have the wrong ward. Hillside is represented by Cllr Abbott, not Cllr Morgan. "
        "The list of councillors is here: https://www.eastfield.gov.uk/councillors",
    ),
    (
        "Zainab H",
        "zainab.hussain@gmail.com",
        "",
        "Could the paper do a follow up on what happened to the money raised for the "
        "playground? It was meant to open last summer.",
    ),
    (
        "Neil Ashworth",
        "neil.ashworth@outlook.com",
        "",
        "I was at the meeting. The vote was seven to four, not eight to three as reported. "
        "Two councillors left before the item came up.",
    ),
    ("K. Brennan", "kbrennan@gmail.com", "", "Well said."),
    (
        "Eleanor Price",
        "eleanor.price@gmail.com",
        "",
        "This is exactly why local journalism matters. Without this report we would not have "
        "known the clinic was closing until the doors were locked.",
    ),
    (
        "Rob",
        "robsmith1961@aol.com",
        "",
        "Been driving that junction for thirty years and it has always been dangerous. A "
        "roundabout would have been cheaper than the lights and the cameras.",
    ),
    (
        "Fatima Noor",
        "fatima.noor@gmail.com",
        "",
        "For anyone affected, the government guidance on claiming for flood damage is at "
        "https://www.gov.uk/prepare-for-flooding and the council has a hardship fund too.",
    ),
    (
        "Dave from Eastfield",
        "dave.w@gmail.com",
        "",
        "Not sure I follow the argument. If the new houses come with a school and a surgery, "
        "what exactly is the objection? We need somewhere for our children to live.",
    ),
    (
        "Jenny Lau",
        "jennylau@icloud.com",
        "",
        "The photo caption is wrong, that is the old fire station on Queen Street, not the "
        "drill hall. The drill hall is the red brick one next to the church.",
    ),
    (
        "Hamish",
        "hamish.mcl@gmail.com",
        "",
        "Brilliant result for the under 14s. Three goals in the last ten minutes!",
    ),
    (
        "Oliver Grant",
        "ogrant@outlook.com",
        "",
        "I think the article is a bit unfair on the head teacher. The inspection report also "
        "praised the reading scores, which the piece does not mention at all.",
    ),
    (
        "Sandra Mills",
        "sandra.mills@yahoo.com",
        "",
        "Our bins were not collected on Thursday either. Rang the council and was told it was "
        "a staff shortage. Is it happening across the whole town?",
    ),
    (
        "A. Novak",
        "anovak@posteo.de",
        "",
        "Moved here from Brno two years ago. The welcome from the neighbours on our street has "
        "been wonderful, and the language cafe at the library helped a lot.",
    ),
    (
        "Ian Thorpe",
        "ian.thorpe@gmail.com",
        "",
        "The census figures are worth checking against the article: "
        "https://www.ons.gov.uk/census - the population grew less than the 12% claimed here.",
    ),
    ("Mo", "mo.rahman@gmail.com", "", "Where can I get tickets for the carnival?"),
    (
        "Gwen Pritchard",
        "gwen.pritchard@btinternet.com",
        "",
        "I remember the old swimming baths well. Learned to swim there in the sixties and the "
        "water was always freezing. Sad to see the building go but it has been empty for years.",
    ),
    (
        "Steve Oduya",
        "steveoduya@gmail.com",
        "",
        "Respectfully, the cost per pupil comparison leaves out transport. Rural schools spend "
        "far more on buses, which is why the averages look so different.",
    ),
    (
        "Rachel",
        "rachel.t@outlook.com",
        "",
        "Thank you for the clear explanation of the new parking permits. The letter from the "
        "council was baffling.",
    ),
    (
        "Mark Ellison",
        "mark.ellison@gmail.com",
        "",
        "The minutes of the meeting where this was decided are online: "
        "https://www.eastfield.gov.uk/meetings/cabinet-2026-09-14 - page 6 has the vote.",
    ),
    (
        "Jo Kendrick",
        "jokendrick@gmail.com",
        "",
        "I volunteer at the food bank and demand has doubled since last year. Donations of "
        "tinned vegetables and toiletries are most needed if anyone is wondering what to give.",
    ),
    (
        "Harold Finch",
        "h.finch@btinternet.com",
        "",
        "When I wrote to my MP about the level crossing I got a form letter back. Perhaps "
        "the paper will have more luck getting an answer.",
    ),
    ("Nadia", "nadia.k@gmail.com", "", "So sad. Thoughts with the family."),
    (
        "Paul Jennings",
        "pauljennings@outlook.com",
        "https://pauljenningsphotography.co.uk",
        "I took some pictures of the river at the height of the flood if the paper would like "
        "them for a follow up. Happy to share them for free.",
    ),
    (
        "Catherine Bell",
        "cbell@gmail.com",
        "",
        "The article says the bridge will close for six weeks, but the notice on the bridge "
        "itself says eight. Which is right?",
    ),
    (
        "Wei Zhang",
        "wei.zhang@outlook.com",
        "",
        "The new bus timetable finally lines up with the train arrivals at the station. Small "
        "thing, but it has saved me twenty minutes a day.",
    ),
    (
        "Derek Moss",
        "derek.moss@gmail.com",
        "",
        "Typical. They find money for consultants but not for fixing potholes on Church Lane.",
    ),
    ("Beth", "beth.o@gmail.com", "", "Great news about the lido reopening!"),
    (
        "Simon Ashby",
        "simon.ashby@btinternet.com",
        "",
        "To be fair to the council, they are legally required to run the tender this way. The "
        "rules are in the procurement regulations: "
        "https://www.legislation.gov.uk/uksi/2015/102/contents",
    ),
    (
        "Maria Gonzalez",
        "maria.gonzalez@gmail.com",
        "",
        "My son's class went on the trip to the nature reserve described here and came back "
        "full of facts about newts. The rangers there do a fantastic job.",
    ),
    (
        "Frank O'Neill",
        "frank.oneill@outlook.com",
        "",
        "I have lived in this town for fifty years and I have never seen the river that high. "
        "The sandbags arrived far too late for the houses on the lower road.",
    ),
    (
        "Aisha",
        "aisha.b@gmail.com",
        "",
        "Can someone explain why the crossing outside the primary school still has no "
        "lollipop person? Parents have been asking since September.",
    ),
    ("Geoff", "geoff.turner@gmail.com", "", "Disagree. This is money well spent."),
    (
        "Linda Shaw",
        "linda.shaw@yahoo.co.uk",
        "",
        "A minor point, but the choir is the Eastfield Choral Society, not the Eastfield "
        "Singers. The Singers disbanded in 2015.",
    ),
    (
        "Nick Armstrong",
        "nick.armstrong@gmail.com",
        "",
        "Interesting that the report does not mention the second site the developers "
        "considered. I understood from the exhibition that it was rejected because of access "
        "from the bypass.",
    ),
    (
        "Hannah Reid",
        "hannahreid@outlook.com",
        "",
        "As a parent of a child with additional needs I found this piece really moving. The "
        "support at the unit has changed our lives and it would be a disaster to lose it.",
    ),
    ("Kevin", "kev.d@hotmail.com", "", "The referee had a shocker. That was never a penalty."),
    (
        "Yusuf Ali",
        "yusuf.ali@gmail.com",
        "",
        "There is a public meeting about the mosque extension on Tuesday at seven in the "
        "community centre, all welcome. Thank you for reporting it fairly.",
    ),
    (
        "Joan Whitaker",
        "joan.whitaker@btinternet.com",
        "",
        "I worked as a district nurse for thirty years and I can tell you the problem with "
        "home visits is not the nurses, it is the paperwork. Half the day goes on forms.",
    ),
    ("Sam", "sam.p@gmail.com", "", "Any idea when the results will be published?"),
    (
        "Dr R. Menon",
        "rmenon@outlook.com",
        "",
        "The statistic about antibiotic resistance is slightly misquoted. The report says a "
        "third of infections in the study, not a third of all infections. The NHS page "
        "explains it well: https://www.nhs.uk/conditions/antibiotics/",
    ),
    (
        "Claire",
        "claire.n@gmail.com",
        "",
        "Went to the reopening of the bandstand on Sunday. Lovely afternoon, the brass band "
        "were excellent and the weather held.",
    ),
    (
        "Tony Russo",
        "tony@russosdeli.co.uk",
        "https://russosdeli.co.uk",
        "Speaking as one of the traders, the new loading bay rules are workable. The council "
        "listened to us at the second meeting and moved the hours.",
    ),
    (
        "Emily Clarke",
        "emily.clarke@gmail.com",
        "",
        "Why is the comment about the traveller site on the other article still up? It breaks "
        "your own rules. Please moderate it.",
    ),
    (
        "Ben Hughes",
        "ben.hughes@outlook.com",
        "",
        "I cycle to work along the canal path and the new lighting has made a huge difference "
        "in the winter. Credit where it is due.",
    ),
    ("Agnes", "agnes.m@btinternet.com", "", "What time does the remembrance parade start?"),
    (
        "Tariq Mahmood",
        "tariq.mahmood@gmail.com",
        "",
        "The business rates figure in the third paragraph is for the whole county, not just "
        "the town. It makes the increase look much bigger than it is.",
    ),
    (
        "Sophie",
        "sophie.w@icloud.com",
        "",
        "Our street has had four cars broken into this month. The police say they have no "
        "officers to spare for patrols. Is anyone else seeing this?",
    ),
    (
        "Richard Lowe",
        "richard.lowe@gmail.com",
        "",
        "I think the writer is right about the station car park, but wrong about the cause. "
        "It filled up once the charges in the town centre went up, not because of the new "
        "flats.",
    ),
    ("Pam", "pam.jones@gmail.com", "", "About time!"),
    (
        "Viktor Horvath",
        "viktor.horvath@gmail.com",
        "",
        "For readers wondering about their rights as tenants, the official guide is here: "
        "https://www.gov.uk/private-renting - it covers deposits and repairs.",
    ),
    (
        "Moira Campbell",
        "moira.campbell@outlook.com",
        "",
        "My late husband was on the lifeboat crew for twenty two years. Thank you for the "
        "lovely tribute to the volunteers, they rarely get the recognition they deserve.",
    ),
    (
        "Liam",
        "liam.obrien@gmail.com",
        "",
        "The match report has the wrong scorer for the second goal. It was Davies, not Evans.",
    ),
    (
        "Jasmine Cooper",
        "jasmine.cooper@gmail.com",
        "",
        "I would be interested to know how many of the new homes will actually be affordable. "
        "The last development promised thirty percent and delivered ten.",
    ),
    (
        "Arthur Bennett",
        "arthur.bennett@btinternet.com",
        "",
        "In my day the mill employed half the town. Now the building is flats. Times change, "
        "and not always for the worse.",
    ),
    ("Grace", "grace.e@gmail.com", "", "This made me smile. Thank you."),
    (
        "Kwame Mensah",
        "kwame.mensah@outlook.com",
        "",
        "The youth club does brilliant work and it is run on a shoestring. If the council "
        "cuts the grant, where do they expect these teenagers to go in the evenings?",
    ),
    (
        "Heather Doyle",
        "heather.doyle@gmail.com",
        "",
        "The weather warning was upgraded this afternoon, see "
        "https://www.metoffice.gov.uk/weather/warnings-and-advice - worth updating the piece.",
    ),
    (
        "Matt Simmons",
        "matt.simmons@gmail.com",
        "",
        "I am not against the wind farm, but the turbines nearest the village are far closer "
        "than the ones in the original plans. People deserve a straight answer on that.",
    ),
    (
        "Irene",
        "irene.w@yahoo.co.uk",
        "",
        "Does the new surgery take patients from outside the town boundary? We are just over "
        "the line in Little Hatton.",
    ),
    (
        "Owen Price",
        "owen.price@gmail.com",
        "",
        "Strongly disagree with the letter writer. The speed bumps have slowed people down and "
        "my kids can finally play out the front.",
    ),
    (
        "Rebecca Stone",
        "rebecca.stone@outlook.com",
        "",
        "There is a typo in the second paragraph, 'councillor' is spelled 'counsellor'.",
    ),
    (
        "Gareth Lewis",
        "gareth.lewis@gmail.com",
        "",
        "As a retired engineer I would say the report on the sea wall is optimistic. Those "
        "repairs were patched, not rebuilt, and the winter storms will find the weak spots.",
    ),
    (
        "Sunita Rao",
        "sunita.rao@gmail.com",
        "",
        "The holiday club at the leisure centre was full within an hour of bookings opening. "
        "They really need more places.",
    ),
    ("Phil", "phil.k@gmail.com", "", "Any update on the missing dog? Hope he turns up."),
    (
        "Dorothy Hammond",
        "dorothy.hammond@btinternet.com",
        "",
        "I have been reading this paper since 1962. Please keep the printed edition going as "
        "long as you can, some of us do not use computers much.",
    ),
    (
        "Marcus Webb",
        "marcus.webb@outlook.com",
        "",
        "Just to add some context: the same proposal was rejected in 2019 on highway grounds. "
        "Nothing about the road has changed since then.",
    ),
    (
        "Lena Fischer",
        "lena.fischer@gmail.com",
        "",
        "We visited the Christmas market last weekend. The stalls were lovely but the queue "
        "for the car park was over an hour. A park and ride would help.",
    ),
    (
        "Andrew",
        "andrew.m@gmail.com",
        "",
        "Respect to the volunteers who cleared the beach. I counted forty bags of rubbish.",
    ),
    (
        "Yvonne Carter",
        "yvonne.carter@gmail.com",
        "",
        "The article implies the decision was made in secret, but it was on the public agenda "
        "two weeks in advance. I do not like the decision either, but that is not fair.",
    ),
    (
        "Stuart Hill",
        "stuart.hill@outlook.com",
        "",
        "If you want to check what your council tax pays for, the breakdown is published "
        "every year: https://www.eastfield.gov.uk/council-tax/where-your-money-goes",
    ),
    ("Bea", "bea.l@gmail.com", "", "Who is organising the litter pick? I would like to help."),
    (
        "Colin Marsh",
        "colin.marsh@btinternet.com",
        "",
        "The old railway line would make a perfect walking and cycling route. Other towns "
        "have done it and it brought visitors in.",
    ),
    (
        "Naomi Fraser",
        "naomi.fraser@gmail.com",
        "",
        "I am a teacher at one of the schools mentioned and I would gently point out that the "
        "exam results quoted are from two years ago. Last summer's were much better.",
    ),
    (
        "Ahmed",
        "ahmed.y@gmail.com",
        "",
        "Thank you for the list of warm spaces. The one at the library has been a lifeline "
        "for my elderly neighbour.",
    ),
    (
        "Julia Bright",
        "julia.bright@outlook.com",
        "",
        "Honestly I think the new design for the square is ugly, but I seem to be in the "
        "minority judging by these comments. At least keep the trees.",
    ),
]

_SPAM: list[_Row] = [
    (
        "Cheap Viagra Online",
        "sales@rx-bestpills.biz",
        "https://rx-bestpills.biz",
        "Buy viagra online without prescription. Cheap generic pills, fast discreet shipping "
        "worldwide. Order now at https://rx-bestpills.biz/viagra and save 80%!",
    ),
    (
        "Pharmacy Discount",
        "info@meds-direct24.xyz",
        "https://meds-direct24.xyz/shop",
        "Best online pharmacy!!! Cialis, viagra, tramadol, xanax - no prescription needed, "
        "overnight delivery. https://meds-direct24.xyz/shop https://meds-direct24.xyz/cialis",
    ),
    (
        "buy tramadol",
        "tramadol.buy@gmail.com",
        "https://painrelief-store.top/tramadol",
        "Looking for pain relief? Buy tramadol 100mg online cheap, no rx required, pay with "
        "bitcoin. Visit our store https://painrelief-store.top",
    ),
    (
        "Dr. Health Pills",
        "drhealth2291@gmail.com",
        "https://herbal-boost.online",
        "Natural male enhancement pills that really work! Boost your stamina and confidence "
        "in just 7 days. 100% herbal, doctor approved. Click here: https://herbal-boost.online",
    ),
    (
        "Weight Loss Keto",
        "keto@slimfast-keto.site",
        "https://slimfast-keto.site",
        "Lose 30 pounds in 30 days with our keto diet pills! No exercise needed. Celebrities "
        "love it. Limited stock, order today: https://slimfast-keto.site/order",
    ),
    (
        "Generic Cialis 20mg",
        "orders@pharmaworld.biz",
        "https://pharmaworld.biz",
        "cialis 20mg cheap cialis buy cialis online cialis without prescription cialis "
        "generic cialis price https://pharmaworld.biz",
    ),
    (
        "Anna",
        "anna.pharm@outlook.com",
        "https://canadian-rx-meds.shop",
        "Canadian pharmacy online - the lowest prices on all brand and generic medications. "
        "Free shipping on orders over $99. https://canadian-rx-meds.shop",
    ),
    (
        "hair loss cure",
        "support@hairgrow-now.xyz",
        "https://hairgrow-now.xyz",
        "Stop hair loss NOW! Our miracle serum regrows hair in 14 days, guaranteed or your "
        "money back. Only $39.99 today! https://hairgrow-now.xyz",
    ),
    (
        "Online Pharmacy",
        "rx@pillsmart.top",
        "https://pillsmart.top",
        '<a href="https://pillsmart.top/viagra">buy viagra</a> <a '
        'href="https://pillsmart.top/levitra">levitra online</a> <a '
        'href="https://pillsmart.top/kamagra">kamagra</a>',
    ),
    (
        "CBD Oil Store",
        "hello@purecbd-drops.online",
        "https://purecbd-drops.online",
        "Pure CBD gummies and oil for anxiety, pain and sleep. Clinically proven, lab "
        "tested. Get 50% off with code HEALTH50 at https://purecbd-drops.online",
    ),
    (
        "Best Online Casino",
        "promo@luckyspin-casino.xyz",
        "https://luckyspin-casino.xyz",
        "Play the best online casino games and win real money! Get a 200% welcome bonus and "
        "100 free spins. Sign up now: https://luckyspin-casino.xyz/bonus",
    ),
    (
        "Casino Bonus 2026",
        "bonus@jackpotcity-slots.bet",
        "https://jackpotcity-slots.bet",
        "FREE SPINS NO DEPOSIT!!! Claim your casino bonus today and play slots, roulette and "
        "blackjack. Instant withdrawals. https://jackpotcity-slots.bet",
    ),
    (
        "sports betting tips",
        "tips@winbet-predictions.net",
        "https://winbet-predictions.net",
        "Sure win football betting tips, 98% accuracy! Fixed matches available, contact us on "
        "WhatsApp for VIP predictions. https://winbet-predictions.net",
    ),
    (
        "Slots Online",
        "slots@megaslots777.club",
        "https://megaslots777.club",
        "slot online gacor, slot gacor hari ini, situs slot terpercaya, bonus new member "
        "100%, daftar sekarang https://megaslots777.club",
    ),
    (
        "Poker Room",
        "admin@royalpoker-room.vip",
        "https://royalpoker-room.vip",
        "Join the biggest online poker room! Daily tournaments with $10,000 guaranteed prize "
        "pools. Deposit bonus up to $500. https://royalpoker-room.vip",
    ),
    (
        "Linda",
        "linda.winner77@gmail.com",
        "https://bigwin-roulette.xyz",
        "I won $4,500 last night playing roulette on this site, they pay out fast! You should "
        "try it too: https://bigwin-roulette.xyz/ref=linda77",
    ),
    (
        "Lottery Winner",
        "claims@intl-lotto-board.info",
        "",
        "CONGRATULATIONS! Your email address has won $1,500,000 USD in the international "
        "lottery draw. Contact our claims agent at claims@intl-lotto-board.info with your "
        "full name and bank details to receive your prize.",
    ),
    (
        "Live Casino Pro",
        "vip@livecasino-pro.win",
        "https://livecasino-pro.win",
        "Best live dealer casino 2026, baccarat, blackjack, roulette. Crypto deposits "
        "accepted. Get your welcome bonus: https://livecasino-pro.win https://livecasino-pro.win/vip",
    ),
    (
        "Bitcoin Investment",
        "invest@btc-profit-daily.io",
        "https://btc-profit-daily.io",
        "Earn $500 per day with our automated bitcoin trading bot! Guaranteed returns of 300% "
        "in one week. Start with just $250: https://btc-profit-daily.io",
    ),
    (
        "Crypto Expert Sarah",
        "sarah.cryptomentor@gmail.com",
        "",
        "I was broke until I met Mrs Sarah Jenkins, the best crypto trading expert. I invested "
        "$1,000 and got $15,000 in two weeks. Contact her on WhatsApp +1 (415) 555-0187 or "
        "email sarah.cryptomentor@gmail.com",
    ),
    (
        "Forex Signals",
        "signals@fxmaster-pro.net",
        "https://fxmaster-pro.net",
        "Make money with forex! Our signals have a 95% win rate. Join our Telegram channel "
        "for free daily signals and turn $100 into $10,000. https://fxmaster-pro.net",
    ),
    (
        "Investment Manager",
        "manager@goldcoin-invest.biz",
        "https://goldcoin-invest.biz",
        "Are you tired of losing money? Invest in our crypto mining pool and earn passive "
        "income of 5% daily. Withdraw anytime. Register: https://goldcoin-invest.biz/register",
    ),
    (
        "Recover Scammed Funds",
        "recovery@fundsback-agency.com",
        "",
        "Have you lost money to a crypto scam? Our recovery experts helped me get back $80,000 "
        "from a fake trading platform. Contact fundsback-agency.com today, they are legit!",
    ),
    (
        "NFT Drop",
        "mint@cryptopunks-free.xyz",
        "https://cryptopunks-free.xyz",
        "FREE NFT MINT LIVE NOW!!! Connect your wallet and claim your airdrop before it ends. "
        "Only 500 left. https://cryptopunks-free.xyz/claim",
    ),
    (
        "Make Money Online",
        "jobs@workfromhome-cash.site",
        "https://workfromhome-cash.site",
        "I make $8,000 a month working from home just 2 hours a day. No experience needed. "
        "Find out how here: https://workfromhome-cash.site",
    ),
    (
        "Jennifer",
        "jennifer.online.jobs@gmail.com",
        "https://easy-cash-jobs.online",
        "My neighbour's daughter makes $95 an hour on her laptop. Last month her pay check was "
        "$17,000 for working part time. Copy this site: https://easy-cash-jobs.online",
    ),
    (
        "Trading Bot",
        "bot@ai-trade-genius.io",
        "https://ai-trade-genius.io",
        "AI powered trading robot makes you rich while you sleep. 10x your money in 30 days, "
        "zero risk. Limited spots: https://ai-trade-genius.io/join",
    ),
    (
        "Binary Options",
        "vip@binaryoptions-win.biz",
        "https://binaryoptions-win.biz",
        "BINARY OPTIONS TRADING - EARN UP TO 90% PROFIT PER TRADE. REGISTER NOW AND GET A $50 "
        "BONUS. https://binaryoptions-win.biz",
    ),
    (
        "Mark Davidson",
        "markdavidson.crypto@outlook.com",
        "",
        "Thanks to Mr James Carter's investment program I now earn $2,300 weekly in bitcoin. "
        "Anyone interested should message him on Telegram @jamescarterfx, he changed my life.",
    ),
    (
        "Crypto Wallet Support",
        "help@walletsupport-desk.com",
        "",
        "Wallet not syncing? Funds stuck? Call our 24/7 crypto wallet support helpline on "
        "+1-888-555-0142 for immediate assistance.",
    ),
    (
        "SEO Services",
        "seo@rankboost-agency.net",
        "https://rankboost-agency.net",
        "Want your website on the first page of Google? We offer the best SEO services, high "
        "quality backlinks and guest posts. Cheap prices: https://rankboost-agency.net",
    ),
    (
        "backlinks cheap",
        "links@dofollow-links.biz",
        "https://dofollow-links.biz",
        "Buy high DA dofollow backlinks cheap. 10,000 backlinks for $20. Boost your ranking "
        "fast. https://dofollow-links.biz https://dofollow-links.biz/pricing",
    ),
    (
        "Digital Marketing Agency",
        "hello@growthhackers-media.com",
        "https://growthhackers-media.com",
        "Hi, I found your site and noticed it is not ranking for important keywords. We can "
        "get you more traffic and leads. Reply for a free SEO audit. "
        "https://growthhackers-media.com",
    ),
    (
        "web design company",
        "sales@webcraft-studio.site",
        "https://webcraft-studio.site",
        "Professional web design and development services at affordable rates. WordPress, "
        "Shopify, ecommerce. Visit https://webcraft-studio.site for a free quote.",
    ),
    (
        "Guest Post",
        "outreach@guestpost-hub.com",
        "",
        "Hello admin, we would like to publish a sponsored guest post on your website with a "
        "dofollow link. What is your price? Please contact outreach@guestpost-hub.com",
    ),
    (
        "Buy Instagram Followers",
        "growth@instafame-now.xyz",
        "https://instafame-now.xyz",
        "Buy real Instagram followers, likes and views instantly! 1000 followers for $5. "
        "Grow your account fast: https://instafame-now.xyz",
    ),
    (
        "Essay Writing Service",
        "help@bestessays-cheap.com",
        "https://bestessays-cheap.com",
        "Need help with your assignment? Our professional writers will write your essay, "
        "dissertation or homework cheap and plagiarism free. https://bestessays-cheap.com",
    ),
    (
        "Rank #1 Google",
        "seo.expert.rank@gmail.com",
        "https://seo-rank-first.online",
        "seo services seo company seo agency local seo cheap seo best seo seo expert "
        "https://seo-rank-first.online",
    ),
    (
        "Link Building",
        "team@linkbuilders.biz",
        "https://linkbuilders.biz",
        "[url=https://linkbuilders.biz]link building service[/url] "
        "[url=https://linkbuilders.biz/pbn]pbn links[/url] [url=https://linkbuilders.biz/seo]seo[/url]",
    ),
    (
        "Jessica Miller",
        "jessicamiller.blog@gmail.com",
        "https://jessicas-lifestyle-blog.site",
        "Great post! Very informative and well written. I have bookmarked your blog and will "
        "come back for more. Please check out my website too.",
    ),
    (
        "Emma Watson",
        "emma.w.writer@gmail.com",
        "https://home-decor-ideas.online",
        "Wow, this is a really awesome article. Thanks for sharing such valuable information. "
        "Keep up the good work!",
    ),
    (
        "Michael",
        "michael.johnson4471@gmail.com",
        "https://bestkitchengadgets.shop",
        "Hey there, I just wanted to say your blog is amazing. I learned so much from this "
        "post. Visit my site for the best kitchen gadget reviews.",
    ),
    (
        "Olivia Brown",
        "oliviabrown.reviews@outlook.com",
        "https://top10reviews-hub.com",
        "Nice article, thanks for sharing this useful info. Really helpful content. I will "
        "share it with my friends.",
    ),
    (
        "travel blog",
        "travelblogger2026@gmail.com",
        "https://wanderlust-travel-tips.site",
        "Informative blog post! I appreciate the effort you put into this. You can also read "
        "my travel tips here https://wanderlust-travel-tips.site",
    ),
    (
        "Daniel",
        "daniel.smith8823@gmail.com",
        "https://cheap-phone-cases.store",
        "I really like your writing style, great information, thank you for posting.",
    ),
    (
        "Sophia",
        "sophia.content@gmail.com",
        "https://fashion-trends-daily.online",
        "Thanks for the nice blog. It was very useful for me. Keep sharing such ideas in the "
        "future as well. This was actually what I was looking for.",
    ),
    (
        "Best Vacuum Reviews",
        "admin@vacuumreviews-best.com",
        "https://vacuumreviews-best.com",
        "Excellent post, I have been searching for this information for a long time. Thanks "
        "for sharing this great content, bookmarked!",
    ),
    (
        "James",
        "jamesw.marketing@gmail.com",
        "https://smm-panel-cheap.xyz",
        "Hello, very nice website. I like your post. Visit my website https://smm-panel-cheap.xyz",
    ),
    (
        "Ava",
        "ava.writes4u@gmail.com",
        "https://ava-writes-content.site",
        "What a wonderful article! I totally agree with you. Thanks for sharing valuable "
        "knowledge, it is very helpful for beginners like me.",
    ),
    (
        "Robert Garcia",
        "robertgarcia.seo@gmail.com",
        "https://plumbing-services-near-me.online",
        "This blog is very informative. Your content is very unique and well researched. "
        "Thanks for the useful information, please keep posting.",
    ),
    (
        "Isabella",
        "isabella.lifestyle@gmail.com",
        "https://isabella-beauty-tips.site/blog",
        "Superb article. I was searching for this topic and found your post. Really "
        "appreciate it. Thanks admin!",
    ),
    (
        "Fast Loans",
        "apply@quickcash-loans.biz",
        "https://quickcash-loans.biz",
        "Need cash fast? Get a payday loan of up to $5,000 today, no credit check, instant "
        "approval. Apply online in 5 minutes: https://quickcash-loans.biz",
    ),
    (
        "Loan Offer",
        "loans.lender2026@gmail.com",
        "",
        "Do you need a loan to pay off your bills or start a business? We offer loans at a low "
        "interest rate of 2% to individuals and companies. Contact us by email for more "
        "details: loans.lender2026@gmail.com",
    ),
    (
        "Bad Credit Loans",
        "info@badcredit-approval.online",
        "https://badcredit-approval.online",
        "Bad credit? No problem! Guaranteed loan approval for everyone, get money in your "
        "account within 24 hours. https://badcredit-approval.online",
    ),
    (
        "Mrs Helen Cooper",
        "helencooper.loanfirm@outlook.com",
        "",
        "Hello everyone, I am a private loan lender. I give out loans from $5,000 to "
        "$5,000,000 at 3% interest rate. Genuine and legit, contact me now on WhatsApp "
        "+44 7700 900123.",
    ),
    (
        "Debt Relief",
        "help@debtfree-solutions.info",
        "https://debtfree-solutions.info",
        "Drowning in debt? Consolidate all your loans and credit cards into one low payment. "
        "Free consultation, call now 1-800-555-0199. https://debtfree-solutions.info",
    ),
    (
        "Student Loan Forgiveness",
        "apply@studentloan-forgive.site",
        "https://studentloan-forgive.site",
        "Get your student loans forgiven today! New government program, check if you qualify "
        "in 2 minutes. https://studentloan-forgive.site/apply",
    ),
    (
        "Mortgage Rates",
        "rates@lowrate-mortgages.biz",
        "https://lowrate-mortgages.biz",
        "Refinance your mortgage at the lowest rates ever. Save thousands! Instant online "
        "quote, no fees. https://lowrate-mortgages.biz",
    ),
    (
        "Hot Singles",
        "meet@lonely-hearts-date.xyz",
        "https://lonely-hearts-date.xyz",
        "Lonely tonight? Thousands of hot singles in your area are waiting to chat with you. "
        "Sign up free: https://lonely-hearts-date.xyz",
    ),
    (
        "Katya",
        "katya.sweet22@gmail.com",
        "https://sweet-dates-online.site",
        "Hi handsome, I saw your profile and I want to know you better. Write to me on my page "
        "https://sweet-dates-online.site/katya xoxo",
    ),
    (
        "Meet Mature Women",
        "admin@mature-dating-club.online",
        "https://mature-dating-club.online",
        "Meet mature women near you for discreet fun. No strings attached, 100% free to join. "
        "https://mature-dating-club.online",
    ),
    (
        "Adult Chat",
        "chat@naughty-chat-rooms.xyz",
        "https://naughty-chat-rooms.xyz",
        "Spicy private video chat with beautiful girls 24/7. Click here for free credits "
        "https://naughty-chat-rooms.xyz https://naughty-chat-rooms.xyz/free",
    ),
    (
        "Dating Site",
        "hello@findlove-fast.club",
        "https://findlove-fast.club",
        "Find your perfect match tonight! Beautiful women are looking for men like you. Join "
        "now, it is free! https://findlove-fast.club",
    ),
    (
        "Printer Support",
        "support@printer-help-desk.com",
        "https://printer-help-desk.com",
        "Printer offline? Printer not printing? Call our printer support phone number "
        "+1-877-555-0133 toll free for instant help from certified technicians.",
    ),
    (
        "Accounting Software Help",
        "help@ledger-support-number.com",
        "",
        "For any accounting software error, payroll problem or login issue call the support "
        "phone number 1-844-555-0176. Available 24 hours, 7 days a week.",
    ),
    (
        "Airline Reservations",
        "booking@cheapflight-deals-desk.com",
        "https://cheapflight-deals-desk.com",
        "To change or cancel your flight booking call the airline reservations number "
        "+1 (888) 555-0110 and get the cheapest fares guaranteed.",
    ),
    (
        "Antivirus Support",
        "care@antivirus-helpline.net",
        "https://antivirus-helpline.net",
        "Antivirus not working? Renew or activate your subscription by calling our helpline "
        "+1-866-555-0121. Toll free customer care number.",
    ),
    (
        "Email Support Number",
        "techsupport@mailhelp-center.com",
        "",
        "Forgot your email password? Account hacked? Call email customer service number "
        "1-855-555-0104 to recover your account in minutes.",
    ),
    (
        "Router Setup Help",
        "support@router-setup-help.online",
        "https://router-setup-help.online",
        "Router setup support call 1-833-555-0166. Wifi extender setup, firmware update, "
        "reset password. Expert technicians available 24/7.",
    ),
    (
        "CLICK HERE NOW",
        "deals@megadeals-4u.xyz",
        "https://megadeals-4u.xyz",
        "AMAZING DEALS!!! 90% OFF EVERYTHING TODAY ONLY!!! DO NOT MISS OUT, CLICK THE LINK "
        "NOW https://megadeals-4u.xyz",
    ),
    (
        "FREE IPHONE",
        "winner@free-iphone-giveaway.top",
        "https://free-iphone-giveaway.top",
        "YOU HAVE BEEN SELECTED TO RECEIVE A FREE IPHONE!!! CLAIM YOUR PRIZE BEFORE MIDNIGHT "
        "https://free-iphone-giveaway.top/claim",
    ),
    (
        "replica watches",
        "sales@luxury-replica-watches.biz",
        "https://luxury-replica-watches.biz",
        "High quality replica watches, bags and shoes at wholesale prices. Swiss movement, "
        "free shipping. https://luxury-replica-watches.biz",
    ),
    (
        "Cheap Ray Ban Sunglasses",
        "shop@cheap-sunglasses-outlet.shop",
        "https://cheap-sunglasses-outlet.shop",
        "cheap sunglasses outlet online, sunglasses sale 85% off, sunglasses wholesale, "
        "discount sunglasses https://cheap-sunglasses-outlet.shop",
    ),
    (
        "Visa Services",
        "apply@fast-visa-immigration.info",
        "https://fast-visa-immigration.info",
        "Get a work visa and green card fast. 100% guaranteed approval. Contact our agents "
        "today. https://fast-visa-immigration.info",
    ),
    (
        "spell caster",
        "dr.okon.spells@gmail.com",
        "",
        "I got my ex back with the help of Dr Okon, a powerful spell caster. He also helped me "
        "win the lottery. Contact him on dr.okon.spells@gmail.com or WhatsApp +234 801 555 0147",
    ),
    (
        "Hacker for hire",
        "hackerpro.service@gmail.com",
        "",
        "Need to spy on a cheating partner or recover a hacked account? Hire a professional "
        "hacker, fast and confidential. Email hackerpro.service@gmail.com",
    ),
    (
        "Fake ID Documents",
        "docs@realdocs-online.xyz",
        "https://realdocs-online.xyz",
        "Buy registered passports, driving licences, ID cards and diplomas online. Real and "
        "fake documents available. https://realdocs-online.xyz",
    ),
    (
        "Links",
        "linkmaster@gmail.com",
        "",
        "https://cheap-deals1.xyz https://cheap-deals2.xyz https://cheap-deals3.xyz "
        "https://cheap-deals4.xyz https://cheap-deals5.xyz",
    ),
    (
        "Essay Help",
        "essayhelp.writer@gmail.com",
        "https://myessaywriter-pro.com",
        "Great article!!! For students who need help, visit https://myessaywriter-pro.com "
        "and https://myessaywriter-pro.com/order - cheap essays, best quality, urgent "
        "delivery, https://myessaywriter-pro.com/prices",
    ),
    (
        "Solar Panels Free",
        "info@free-solar-grant.online",
        "https://free-solar-grant.online",
        "Homeowners can now get solar panels installed for FREE under the new government "
        "grant. Check your eligibility now: https://free-solar-grant.online",
    ),
    (
        "Car Accident Lawyer",
        "claims@injury-claims-fast.biz",
        "https://injury-claims-fast.biz",
        "Injured in a car accident? You could be entitled to $50,000 compensation. No win no "
        "fee. Call now or visit https://injury-claims-fast.biz",
    ),
    (
        "Work From Home Mom",
        "wfh.mom.jobs@gmail.com",
        "https://mom-earns-online.site",
        "Stay at home mom makes $7,500 a month with this simple trick!!! Click to learn how "
        "https://mom-earns-online.site",
    ),
    (
        "Gold IRA",
        "invest@goldira-advisors.info",
        "https://goldira-advisors.info",
        "Protect your retirement savings with a gold IRA. Get your free investor kit today "
        "and secure your wealth. https://goldira-advisors.info",
    ),
    (
        "Vape Shop",
        "sales@cloudvape-wholesale.shop",
        "https://cloudvape-wholesale.shop",
        "Disposable vapes wholesale, all flavours in stock, bulk discount, next day delivery. "
        "https://cloudvape-wholesale.shop",
    ),
    (
        "Mike",
        "mike.offers99@gmail.com",
        "https://get-paid-surveys.online",
        "Get paid $35 per survey from home!!! I earned $1,200 last week doing simple online "
        "surveys. Sign up: https://get-paid-surveys.online",
    ),
    (
        "Crypto Casino",
        "play@btc-casino-royale.bet",
        "https://btc-casino-royale.bet",
        "Play with bitcoin and win big! Provably fair crypto casino, 1 BTC welcome bonus. "
        "https://btc-casino-royale.bet",
    ),
    (
        "Loans",
        "fastloan.offer@gmail.com",
        "https://instant-loans-today.xyz",
        "LOAN LOAN LOAN!!! Instant loan approval, loan for everyone, low interest loan, "
        "apply loan now https://instant-loans-today.xyz",
    ),
    (
        "Vivian",
        "vivian.gift@outlook.com",
        "",
        "Hello dear, I am a widow with a large inheritance of $4,800,000 and I need a trusted "
        "person to help me transfer the funds. Please reply to my private email for details.",
    ),
    (
        "Pest Control Services",
        "info@pest-control-experts.online",
        "https://pest-control-experts.online",
        "Best pest control services near you. Bed bugs, rats, termites removed fast. Call "
        "now for a free inspection https://pest-control-experts.online",
    ),
    (
        "Escape Room Discount Code",
        "promo@coupon-codes-daily.site",
        "https://coupon-codes-daily.site",
        "Get the latest coupon codes and promo codes for all top brands, save up to 70% "
        "today! https://coupon-codes-daily.site https://coupon-codes-daily.site/deals",
    ),
]


def _as_dicts(rows: list[_Row]) -> list[dict[str, str]]:
    return [{"name": n, "email": e, "url": u, "body": b} for n, e, u, b in rows]


# Each a dict with "name", "email", "url" and "body".
HAM: list[dict[str, str]] = _as_dicts(_HAM)
SPAM: list[dict[str, str]] = _as_dicts(_SPAM)
