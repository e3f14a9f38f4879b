"""The demo board: the Chorley, South Ribble & West Lancashire Children's Partnership Board (CPB).

Pure data, no Django: plain dicts and lists that a loader (management command, fixture builder)
turns into rows. Everything here is taken from two public agenda packs in ``../shared/seeds/``:

- ``cpb-pack-2015-09-17.txt`` (the "2015 pack"): the agenda of 17 September 2015, the notes of
  21 May 2015 and the papers. Source of the 2015 people, the 21 May and 17 September meetings,
  the 2015 actions and the future dates 10 December 2015 and 10 March 2016.
- ``cpb-pack-2017-03-16.txt`` (the "2017 pack"): the agenda of 16 March 2017, the notes of
  14 December 2016 and the papers. Source of the 2016-17 people, the chair change, the
  14 December 2016 and 16 March 2017 meetings, the 2016 actions and the 2017 future dates.
- ``lscb-annual-report-2015-16.txt`` (background only): it says the CPBs "are not sub-groups of the
  LSCB but do report in quarterly", which is why the LSCB is the parent body below.

Where the seeds are silent and we had to assume something (start dates, end times, page counts of
papers that are not in the packs, who held an office) a comment says so, starting ``ASSUMED``.
Keys that point elsewhere: people by ``key``, organisations by ``short_name`` (or ``name``),
action owners by initials. ``item_for`` is ``""`` where the seed leaves the column blank.

``SEED_PAGE_RANGES`` records the "(Pages A - B)" printed in each pack's agenda; the page counts of
the papers are chosen so that a pack built by the portal's rules (each paper padded to an even
number of pages, so every item starts on an odd page) reproduces those ranges exactly.
"""

# Opening text of each paper in the packs, copied from the seeds (tables flattened to
# "a | b" rows, bold markers dropped), used to generate demo PDFs.

_MINUTES_2015_05_21 = (
    "CHORLEY, SOUTH RIBBLE & WEST LANCASHIRE CHILDREN'S PARTNERSHIP\n"
    "BOARD\n"
    "NOTES OF MEETING HELD ON THURSDAY, 21 MAY 2015 AT SOUTH RIBBLE\n"
    "BOROUGH COUNCIL, CIVIC CENTRE, LEYLAND, PR25 1DH\n"
    "\n"
    "Present:\n"
    "\n"
    "Sarah James (CHAIR) | Head of Policy (Public Service Reform) | Chorley Council\n"
    "Allan Miller | LYOT Service Manager | Lancashire County Council\n"
    "Mark Gaffney | Director of Neighbourhoods | South Ribble Borough Council\n"
    "Richard Matthews | LSCB Business Coordinator | Lancashire Safeguarding Children Board\n"
    "John Nelson | Head of Leisure & Cultural Services | West Lancashire Borough Council\n"
    "Karl Turner | Children's Trust Development Officer | Lancashire County Council\n"
    "Fiona Grieveson | Headteacher | Kingsbury Special School\n"
    "Lesley Morville | Locality Manager for Chorley, Wellbeing, Prevention and Early Help | Lancashire "
    "County Council\n"
    "Jackie Livesey | Named Nurse for Safeguarding | Lancashire Care NHS Foundation Trust\n"
    "Jean Rollinson | Head of Safeguarding | Chorley, SR & West Lancs CCG\n"
    "Michele Dacre | Senior Probation Officer | Cumbria & Lancashire Community Rehabilitation Company\n"
    "Donna Hussain | Community Development Manager | Chorley VCFS Network\n"
    "Irene Elwell | Intervention & Prevention Officer | Chorley Council\n"
    "Tony Baxter | Detective Inspector, Public Protection Unit | Lancashire Constabulary\n"
    "Sarah Ashcroft | Chorley, South Ribble & West Lancs CPB Coordinator | Chorley Council\n"
    "\n"
    "Apologies:\n"
    "\n"
    "Cllr Rebecca Noblet | Member responsible for CYP | South Ribble Council"
)

_ESAFETY = (
    "Pan-Lancashire eSafeguarding Strategy 2014 - 2016\n"
    "\n"
    "Foreword\n"
    "\n"
    "Children and Young People's relationship to technology is increasingly embedded across all walks of "
    "life and as such, we can no longer adequately consider their wellbeing without addressing the "
    "potential risks that this can bring. The provision of an effective eSafeguarding Strategy therefore "
    "outlines the commitment from the Local Safeguarding Children Boards to provide a collective "
    "framework for all stakeholders across the region to enable a cohesive approach.\n"
    "\n"
    "Technology by its nature is constantly evolving, bringing new opportunities and new risks for all, "
    "but particularly for Children and Young People (C&YP). To ensure the strategic direction remains "
    "effective, a review of the various Local Safeguarding Children Board eSafety Strategies across the "
    "region has been undertaken.\n"
    "\n"
    '"The Internet is the single greatest repository of knowledge in the world...It helps me to do '
    "school work learn new things discover trivia, find out about new games, chat to my friends, and a "
    "lot more...I honestly couldn't live without it\"\n"
    "\n"
    "Children's Call for Evidence, Byron Review – Safer Children in a Digital World\n"
    "\n"
    "In forming a collective eSafeguarding Strategy, it allows colleagues across the region to address "
    "eSafeguarding issues with a cohesive approach and common framework.\n"
    "\n"
    "Graham Lowe\n"
    "Chair, LSCB eSafeguarding Group\n"
    "\n"
    "What is eSafeguarding?"
)

_LSCB_SUMMARY = (
    "Lancashire Safeguarding Children Board 10th July 2015 Summary\n"
    "\n"
    "Public Health Transformation\n"
    "\n"
    "Sakthi Karunanithi, LCC Director of Public Health, presented the proposal for the transformation of "
    "Public Health Services. It was agreed the LSCB would be consulted and kept up to date regularly on "
    "progress. Key areas of interest for the LSCB are around the commissioning of Health Visiting, School "
    "Nursing, Substance Misuse and CAMHS and the challenge of reducing resources not impacting on "
    "safeguarding arrangements.\n"
    "\n"
    "Young Advisors – Esafety Project\n"
    "\n"
    "Graham Lowe, Esafety Group Chair provided a presentation summarising the key achievements and "
    "learning from this recent project commissioned by the LSCB Exec. Very positive feedback from "
    "children and teachers was evident. Key points:\n"
    "\n"
    "1. Key concerns from children were: Bullying, Hackers, Scary Content and Adverts\n"
    "2. Engagement with parents is a challenge for schools requiring different ways of communicating\n"
    "3. The eSafety group will consider feedback in more detail and ensure the action plan is refreshed "
    "to account for key themes and issues\n"
    "4. The presentation will be available on the website\n"
    "\n"
    "Useful eSafety links and resources can be viewed here:\n"
    "\n"
    "<http://www.lancashiresafeguarding.org.uk/resources/esafety-esafeguarding.aspx>\n"
    "\n"
    "Sub-group Updates:\n"
    "\n"
    "Key points to note:\n"
    "\n"
    "Quality assurance/Performance management"
)

_PREVENT = (
    "Department\n"
    "for Education\n"
    "\n"
    "The Prevent duty\n"
    "\n"
    "Departmental advice for schools and\n"
    "childcare providers\n"
    "\n"
    "June 2015\n"
    "\n"
    "This is departmental advice from the Department for Education. This advice is non-statutory, and has "
    "been produced to help recipients understand the implications of the Prevent duty. The Prevent duty "
    "is the duty in the Counter-Terrorism and Security Act 2015 on specified authorities, in the exercise "
    "of their functions, to have due regard to the need to prevent people from being drawn into "
    "terrorism.\n"
    "\n"
    "Expiry or review date\n"
    "\n"
    "This advice will next be reviewed before September 2016.\n"
    "\n"
    "Who is this advice for?\n"
    "\n"
    "This advice is for:\n"
    "\n"
    "- Governing bodies, school leaders and school staff in maintained schools (including nursery "
    "schools), non-maintained special schools, proprietors of independent schools (including academies "
    "and free schools), alternative provision academies and 16-19 academies\n"
    "- Management committees and staff in pupil referral units\n"
    "- Proprietors and managers and staff in registered childcare settings\n"
    "\n"
    "It will be of particular interest to safeguarding leads.\n"
    "\n"
    "Main points\n"
    "\n"
    "The main points of this advice are to:\n"
    "\n"
    "- explain what the Prevent duty means for schools and childcare providers;\n"
    "- make clear what schools and childcare providers should do to demonstrate compliance with the duty; "
    "and\n"
    "- inform schools and childcare providers about other sources of information, advice and support.\n"
    "\n"
    "Introduction"
)

_TF_2015 = (
    "Preparing for the Expanded Troubled Families Programme\n"
    "\n"
    "1. Introduction\n"
    "\n"
    "The purpose of this report is to update the Board on the closure of the initial Troubled Families "
    "Programme and on actions that need to be put in place to ensure that Lancashire is ready should we "
    "be accepted onto the Expanded Troubled Families Programme.\n"
    "\n"
    "2. Recommendations\n"
    "\n"
    "The Children & Young People's Trust Board are recommended to:\n"
    "\n"
    "- Note the outcomes from the evaluation of the Working Together with Families Programme and the "
    "numbers of families turned round under the Troubled Families Programme.\n"
    "- Note that agreement is still required from DCLG for Lancashire to be part of the Expanded Troubled "
    "Families Programme\n"
    "- Endorse the work being undertaken to ensure that Lancashire is ready to participate in the "
    "Expanded Programme and the need for commitments from a broad range of partners to both service "
    "delivery and data sharing and analysis to ensure the successful delivery of national requirements.\n"
    "\n"
    "3. Lessons learned from Working Together with Families\n"
    "\n"
    "Lancashire commissioned an independent evaluation of the Working Together with Families (WTwF) "
    "programme. In addition to the evidence from the outcomes recorded in the Troubled Families claim, "
    "the evaluation highlighted the progress made by WTwF in:\n"
    "\n"
    "- Providing an opportunity for front line staff to embrace a LP role\n"
    "- Changing the culture of whole family working and 'one worker and one plan' across the workforce"
)

_LOCALITY = (
    "Report: Chorley and South Ribble Localities September 2015.\n"
    "\n"
    "Core Offer Use\n"
    "\n"
    "Family Support: continues to be well used in both Chorley and South Ribble. There is often a waiting "
    "list which varies daily. The provider contacts Families on receipt of the Request for Support giving "
    "an indication of the waiting time and in Leyland as a result of some additional funding they are now "
    "able to offer an immediate drop in service. This appears to be going well.\n"
    "\n"
    "Emotional Health & Wellbeing: this strand of the offer is also well used in both Localities. There "
    "is still capacity but this would not be available all year if used at the rate of the first quarter. "
    "Panels have had discussions about how this can be managed.\n"
    "\n"
    "Domestic Abuse: have attended panel to raise awareness of their service. I don't receive a high "
    "number of requests for support for this service, although numbers are now increasing, this is partly "
    "due to encouraging Lead Professionals to ask questions about Domestic Abuse.\n"
    "\n"
    "Parenting: this strand has not had good take up across the county, and Chorley and South Ribble are "
    "no different in this. Work is to be undertaken with the commission to look at local need and locally "
    "there will be support for the commission to get appropriate requests. This will include trying to "
    "involve our short stay schools; to ensure targeted parents who would benefit from courses are "
    "facilitated to attend.\n"
    "\n"
    "Wider support"
)

_DISTRICT = (
    "District Prevention & Early Help Update: West Lancashire\n"
    "\n"
    "Q1 2015/16\n"
    "\n"
    "Commissioned Services: Activity\n"
    "\n"
    "Family Support (Via) | Domestic Abuse (Liberty Centre) | Emotional Health & Well Being (Child Action "
    "NW) | Parenting (Action for Children)\n"
    "Number of RfS Received (in Period) | 26 | 17 | 47 | 1\n"
    "Number of RfS Received (2015/16 to date) | 26 | 11 | 47 | 1\n"
    "Number of RfS Not Progressed (2015/16) | 4 | 2 | 0 | 0\n"
    "Total Available Capacity | 86 | 43 | 117 | 32\n"
    "Capacity Remaining | 53 | 28 | 61 | 31\n"
    "Total number of CYP worked with (2015/16) | 67 | 29 | 1 | 0\n"
    "Number of RfS at Level 2 (2015/16) | 6 | 13 | 1 | 1\n"
    "Number of RfS at Level 3 (2015/16) | 20 | 4 | 23 | 0\n"
    "Number of cases closed in period | 9 | 5 | 16 | 0\n"
    "Number of closed cases de-escalated in period | 6 | 5 | 16 | 0\n"
    "Number of closed cases escalated in period | 0 | 0 | 0 | 0\n"
    "Number of PBR payments made in period | 0 | 0 | 0 | 0\n"
    "Source of RfS (2015/16)\n"
    "CAMHS | 0 | 0 | 5 | 0\n"
    "Children's centres | 0 | 0 | 0 | 0\n"
    "De-escalation from Children's Social Care | 2 | 4 | 1 | 0\n"
    "Early Support Panels | 0 | 1 | 0 | 0"
)

_RAISING = (
    "Chorley, South Ribble & West Lancashire Children's Partnership Board Action Plan - Raising "
    "Aspirations Project\n"
    "\n"
    "Aims:\n"
    "\n"
    "Good employment for all is a Marmot¹ principle for improving a person's health and wellbeing. "
    "Evidence tells us that having good work increases an individual's wellbeing and resilience both "
    "physically and emotionally. This project will use assets and resources from across three districts, "
    "working jointly, to:\n"
    "\n"
    "- Inform, mentor and support the career aspirations of our children and young people and provide "
    "more opportunities to meet with employers at school and in an employer setting.\n"
    "- Develop employability skills and create a greater understanding of the world of work and careers "
    "available and a realistic expectation of what to expect, for our children and young people\n"
    "- Provide information of the sectors and types of employment that Lancashire as a county will need "
    "in the next ten years to increase the prosperity of the area and the economic resilience of its "
    "residents.\n"
    "\n"
    "<http://www.yeuk.org.uk/yeuk-launches-report-careers-education-young-peoples-experience-careers-educ"
    "ation/>\n"
    "\n"
    "Children & Young People:\n"
    "\n"
    "- Career aspirations – inspiring and guiding wider and informed choice of employment options.\n"
    "- Informing of growth areas of target sectors and where there are opportunities to enter employment "
    "sectors in Lancashire based on forecasted need."
)

_CYP_PARTICIPATION = (
    "CYP participation: proposals for CPB to consider\n"
    "\n"
    "1 Promote Takeover Month (November)\n"
    "\n"
    "- Information item at next CPB meeting.\n"
    "- Further information to be shared with CPB members and wider workforce via eBulletin.\n"
    "\n"
    "2 Provide a district-based event for children and young people\n"
    "\n"
    "There are several types of event that the CPB could support, for example:\n"
    "\n"
    "- Focus on “Feel safe” (including eSafety); review and develop related action plan priorities "
    "(February 2016).\n"
    "- Review CPB action plan and develop priorities for 2016-17, perhaps focussing on emotional health "
    "and wellbeing (February 2016).\n"
    "- Review holiday activities programme (November 2015).\n"
    "\n"
    "Some issues to be considered:\n"
    "\n"
    "- Venue, timing, resources (including refreshments) and transport.\n"
    "- Numbers and age of children and young people attending.\n"
    "\n"
    "Alternative to event:\n"
    "\n"
    "- Online survey (eg on eSafety and emotional health and wellbeing), promoted by bookmarks "
    "distributed to schools and youth zones.\n"
    "\n"
    "3 Involve young people in relevant action plan priorities\n"
    "\n"
    "- CPB partners to link with schools, pupil parliaments and youth councils (as appropriate) to engage "
    "children and young people in the planning and review of their services/provision.\n"
    "- Audit (via email) of current engagement and consultation methods employed by CPB partners.\n"
    "\n"
    "4 Support for youth council and pupil parliaments"
)

_MINUTES_2016_12_14 = (
    "CHORLEY, SOUTH RIBBLE & WEST LANCASHIRE CHILDREN'S PARTNERSHIP BOARD\n"
    "\n"
    "NOTES OF MEETING HELD ON WEDNESDAY, 14 DECEMBER 2016 AT WHEEL ROOM, CIVIC CENTRE, SOUTH RIBBLE\n"
    "\n"
    "Present:\n"
    "\n"
    "John Ainscough | Early Action | Lancashire Constabulary\n"
    "Julie Appleby | Locality Manager | WPEH, Lancashire County Council\n"
    "Sarah Ashcroft | CPB Co-ordinator | Chorley Council\n"
    "Michelle Brookes | Manager, Student Services | West Lancs College\n"
    "Louise Elo (Chair) | Head of Early Intervention and Support | Chorley Council\n"
    "Mark Gaffney | Director | South Ribble Council\n"
    "Amanda Gibbons | Prevent Officer | Lancashire Constabulary\n"
    "Fiona Grieveson | Head Teacher | Kingsbury School\n"
    "Danielle McMillan | Business Coordinator | LSCB\n"
    "John Nelson | Deputy Director | West Lancs Council\n"
    "\n"
    "Apologies:\n"
    "\n"
    "Louise Burton | Designated Lead Nurse | CCG\n"
    "Councillor Gagen | Councillor | West Lancs Council\n"
    "Maria Gilling | Principal | West Lancs College\n"
    "Cllr June Molyneaux | Councillor | Chorley Council\n"
    "Cllr Mort | Councillor | South Ribble Council\n"
    "Debra Wilson | Clinical Lead Universal Services | LCFT\n"
    "\n"
    "ACTION BY\n"
    "\n"
    "1 WELCOME AND INTRODUCTION/APOLOGIES\n"
    "\n"
    "Deputy Chair, Fiona Grieveson welcomed everyone to the meeting and invited attendees to introduce "
    "themselves, apologies were noted as above.\n"
    "\n"
    "2 APPOINTMENT OF A NEW CHAIR"
)

_TFU_NOV = (
    "TFU Update for the Children and Young People's Trust Partnership Board – November 2016\n"
    "\n"
    "Progress Update\n"
    "\n"
    "Attached families\n"
    "\n"
    "Lancashire's target for 2016/17 is to attach 2,833 new families to the programme, in addition to the "
    "1,470 from 2015/16, a cumulative 4,303 to be attached by 31st March 2017. As at 31st October 2016 a "
    "total of 3,058 families had been attached to the programme.\n"
    "\n"
    "In order to attach families to the programme a number of requirements must be adhered to:\n"
    "\n"
    "- 1) there must be clear evidence that a family has needs against 2 or more of the 6 criteria;\n"
    "- 2) a full family assessment has taken place that considers the needs of all family members\n"
    "- 3) a plan is put in place to address the needs identified, linked to the outcomes in the troubled "
    "families outcomes plan\n"
    "- 4) there is an identified lead professional who coordinates the support delivered to the family.\n"
    "\n"
    "Compliance checks audits are being undertaken to ensure that all attached cases meet the national "
    "requirements of the programme.\n"
    "\n"
    "Additionally there are 713 additional families that have been identified as being TFU eligible "
    "through data matching, but are families that are not currently open to WPEHS or CSC. These cases at "
    "this stage cannot be attached to the programme as they are unlikely to meet all of the TFU "
    "requirements outlined above.\n"
    "\n"
    "If these cases were compliant our attachment numbers would increase to 3,771."
)

_TFU_FEB = (
    "TFU UPDATE FOR LANCASHIRE CHILDREN AND YOUNG PEOPLE'S TRUST PARTNERSHIP BOARD – FEBRUARY 2017\n"
    "\n"
    "Number of Families Attached\n"
    "\n"
    "Lancashire's target for 2016/17 is to attach 2,833 new families to the programme, in addition to the "
    "1,470 attached 2015/16, a cumulative 4,303 to be attached by 31st March 2017.\n"
    "\n"
    "In order to attach a family to the programme, a number of conditions must be met:\n"
    "\n"
    "- 1) there must be clear evidence that a family has needs against 2 or more of the 6 criteria;\n"
    "- 2) a full family assessment has taken place that considers the needs of all family members\n"
    "- 3) a plan is put in place to address the needs identified, linked to the outcomes in the troubled "
    "families outcomes plan\n"
    "- 4) there is an identified lead professional who coordinates the support delivered to the family.\n"
    "\n"
    "As at 31st December 2016, a total of 3,420 families had been attached (80%) of the agreed target for "
    "the year.\n"
    "\n"
    "LP Agency | Total Attached\n"
    "WPEHS | CSC\n"
    "Burnley | 212 | 155 | 367\n"
    "Hyndburn | 185 | 150 | 335\n"
    "Pendle | 164 | 161 | 325\n"
    "Ribble Valley | 28 | 25 | 53\n"
    "Rossendale | 129 | 106 | 235\n"
    "Chorley | 153 | 145 | 298"
)

_TFU_DELIVERY = (
    "CYP Trust board\n"
    "TFU delivery report\n"
    "\n"
    "Need | Response activity | Evidence/ Measurements | Intended outcome | Timeframe | Lead\n"
    "All partners have a full understanding of the principles and requirements of TFU programme. | Each "
    "agency has a CAF/TFU lead responsible for communicating and embedding key messages for frontline "
    "workforce. | Audits to be undertaken of staff knowledge on a 6 monthly basis. | Evidence of "
    "multi-agency partners embedding TFU principles and criteria within the work undertaken. | November "
    "2016 | Representative from partner agencies.\n"
    "Partner agency systems and processes enable recording to evidence identification and outcomes for "
    "families in line with the | Partners to submit information on families eligible for TFU "
    "identification and attachment. Partners to submit information when cases have closed to CAF/TAF | "
    "Numbers of families eligible for attachment to TFU to be collated Numbers of families no longer "
    "receiving a | Increase in numbers of families being attached to the TFU programme. | November 2016 | "
    "WPEHS for reporting WPEHS for reporting\n"
    "\n"
    "Lancashire's outcomes plan. | using existing CAF database process. | CAF/TAF response to be "
    "collated."
)

_WWP = (
    "Working with parents in Lancashire\n"
    "\n"
    "Building family resilience: A framework for success\n"
    "\n"
    "Delivering on Lancashire's Children and Young People's Plan and Workforce Strategy, maximising "
    "resources, supporting and guiding individual practitioners and Children's Trust partners\n"
    "\n"
    "Part of the Lancashire Improving Futures Programme - Lancashire Children and Young People's Trust "
    "and the Lancashire Safeguarding Children Board\n"
    "\n"
    "Working with parents in Lancashire\n"
    "\n"
    "Vision: Resourceful and resilient families in Lancashire successfully meeting the needs of children "
    "and young people\n"
    "\n"
    "Key Purpose: To work in partnership with parents to build family resilience, strengthen positive "
    "attachments and family relationships\n"
    "\n"
    "Principles and values: Delivering this framework, Lancashire will adopt the principles and values to "
    "work with parents agreed nationally (see Appendix A) along with our children and young people's plan "
    "values; they include:\n"
    "\n"
    "- Practitioners need to work in partnership with parents at all times, encouraging independence and "
    "self-reliance – doing with and not to\n"
    "- Parenting information, education, support and interventions should utilise the best known evidence "
    "for good outcomes for children and parents\n"
    "\n"
    "Why have we developed a framework?\n"
    "\n"
    "To have more impact and work more effectively with families and improve outcomes for Children and "
    "Young People because:"
)

_SCORECARD_Q2 = (
    "Lancashire's Children and Young People's Plan 2014 – 17\n"
    "\n"
    "Performance Monitoring Scorecard: Quarter Two 2016/17\n"
    "\n"
    "Produced: November 2016\n"
    "\n"
    "Lancashire's CYPP 2014 – 17 - Performance Monitoring Scorecard Quarter 2 2016/17\n"
    "\n"
    "Performance Dashboard Quarter 2 2016/17 - Children and Young People Plan 2014-17\n"
    "Priority themes and indicators | Updated? | Current period | Current | Previous period | Previous | "
    "Change | Trend | National | Regional | Lancashire | Significance\n"
    "Outcome one - to feel safe\n"
    "Number of cyp on child protection plans | Q2 16/17 | 1,734 | Q1 16/17 | 1,564 | 170 | not comparable "
    "| not comparable | No Data\n"
    "No of referrals received by childrens social care due to domestic violence | Q2 16/17 | 284 | Q1 "
    "16/17 | 332 | -48 | unavailable | unavailable | No Data\n"
    "No of domestic incidents involving children | Q2 16/17 | 2,463 | Q1 16/17 | 2,625 | -162 | "
    "unavailable | unavailable | No Data"
)

_SCORECARD_Q3 = (
    "Lancashire's Children and Young People's Plan 2014 – 17\n"
    "\n"
    "Performance Monitoring Scorecard: Quarter Three 2016/17\n"
    "\n"
    "Produced: February 2017\n"
    "\n"
    "Lancashire's CYPP 2014 – 17 - Performance Monitoring Scorecard Quarter 3 2016/17\n"
    "\n"
    "Performance Dashboard Quarter 3 2016/17 - Children and Young People Plan 2014-17\n"
    "Priority themes and indicators | Updated? | Current period | Current | Previous period | Previous | "
    "Change | Trend | National | Regional | Lancashire | Significance\n"
    "Outcome one - to feel safe\n"
    "Number of cyp on child protection plans | Q3 16/17 | 1,631 | Q2 16/17 | 1,734 | -103 | not "
    "comparable | not comparable | No Data\n"
    "No of referrals received by childrens social care due to domestic violence | Q3 16/17 | 295 | Q2 "
    "16/17 | 284 | 11 | unavailable | unavailable | No Data"
)

# --------------------------------------------------------------------------------------------
# The board
# --------------------------------------------------------------------------------------------

BOARD = {
    "name": "Chorley, South Ribble & West Lancashire Children's Partnership Board",
    "short_name": "CPB",
    "kind": "partnership_board",
    "areas_covered": "Chorley, South Ribble and West Lancashire",
    # The seeds show meetings in Feb, May, Sept, Dec 2015, Mar 2016, Dec 2016, Mar, Jun, Sept 2017.
    "meeting_frequency": "Quarterly",
    # ASSUMED: the seeds never state a notice period; 5 clear working days is the council norm.
    "notice_days": 5,
    # LSCB annual report 2015-16: the CPBs "are not sub-groups of the LSCB but do report in quarterly".
    # The CPB also takes updates from, and its papers go to, the Lancashire Children and Young
    # People's Trust Board (2017 pack items 7-8; the 2015 Troubled Families paper is addressed to it),
    # whose future was under review in March 2017; we record the LSCB as the parent body.
    "parent": {
        "name": "Lancashire Safeguarding Children Board",
        "short_name": "LSCB",
        "kind": "safeguarding_board",
    },
}

# --------------------------------------------------------------------------------------------
# Organisations: every organisation a person in the seeds belongs to. Aliases are the other
# spellings the seeds use for the same body.
# --------------------------------------------------------------------------------------------

ORGANISATIONS = [
    {"name": "Chorley Council", "short_name": "Chorley Council", "aliases": [], "sector": "local_authority"},
    {
        "name": "South Ribble Borough Council",
        "short_name": "South Ribble",
        "aliases": ["South Ribble Council"],
        "sector": "local_authority",
    },
    {
        "name": "West Lancashire Borough Council",
        "short_name": "West Lancs",
        "aliases": ["West Lancs Council"],
        "sector": "local_authority",
    },
    {
        "name": "Lancashire County Council",
        "short_name": "LCC",
        # "WPEH, Lancashire County Council" is how the 2016 notes give Julie Appleby's organisation
        # (Wellbeing, Prevention and Early Help is an LCC service).
        "aliases": ["LCC", "WPEH, Lancashire County Council"],
        "sector": "local_authority",
    },
    {"name": "Lancashire Constabulary", "short_name": "Police", "aliases": ["Police"], "sector": "police"},
    {
        "name": "Lancashire Care NHS Foundation Trust",
        "short_name": "LCFT",
        "aliases": ["LCFT", "Lancashire Care Foundation Trust"],
        "sector": "health",
    },
    {
        # The CPB notes treat the CCGs of the three districts as one ("Chorley, SR & West Lancs CCG");
        # the LSCB report lists Chorley & South Ribble CCG and West Lancashire CCG separately.
        "name": "Chorley, South Ribble & West Lancs CCG",
        "short_name": "CCG",
        "aliases": ["CCG", "Chorley, SR & West Lancs CCG"],
        "sector": "health",
    },
    {
        "name": "Lancashire Safeguarding Children Board",
        "short_name": "LSCB",
        "aliases": ["LSCB"],
        "sector": "other",
    },
    {
        "name": "Cumbria & Lancashire Community Rehabilitation Company",
        "short_name": "CRC",
        "aliases": [],
        "sector": "probation",
    },
    {"name": "Chorley VCFS Network", "short_name": "Chorley VCFS", "aliases": [], "sector": "voluntary"},
    {
        "name": "Kingsbury School",
        "short_name": "Kingsbury",
        "aliases": ["Kingsbury Special School"],
        "sector": "education",
    },
    {
        "name": "Penwortham Priory Academy",
        "short_name": "Priory Academy",
        "aliases": [],
        "sector": "education",
    },
    {
        "name": "West Lancashire College",
        "short_name": "West Lancs College",
        "aliases": ["West Lancs College"],
        "sector": "education",
    },
    # Simon Tait's employer (17 Sept 2015 agenda, children's nasal flu vaccination programme).
    {"name": "Intrahealth", "short_name": "Intrahealth", "aliases": [], "sector": "health"},
]

# --------------------------------------------------------------------------------------------
# People: from the Present / Apologies tables of both sets of notes, the agenda leads and the
# narrative. Job title and organisation as at the person's most recent appearance in the seeds
# (the older ones are kept, as printed, in ATTENDANCE). Initials: as the notes use them (SA, KT,
# LM, RM, IE, LE, DMc, SJ, JR, MG, JA); otherwise first + last initial, with a third letter
# where that would clash (MGi: MG is Mark Gaffney in the 2015 notes; JAi: JA is Julie Appleby
# in the 2016 notes) and "C" for Cllr where the first name is not given.
# E-mail only where a seed prints one.
# --------------------------------------------------------------------------------------------

PEOPLE = [
    # --- 21 May 2015, present ---
    {
        "key": "sarah_james",
        "honorific": "",
        "first_name": "Sarah",
        "last_name": "James",
        "initials": "SJ",
        "job_title": "Head of Policy (Public Service Reform)",
        "organisation": "Chorley Council",
        "email": "",
    },
    {
        "key": "allan_miller",
        "honorific": "",
        "first_name": "Allan",
        "last_name": "Miller",
        "initials": "AM",
        "job_title": "LYOT Service Manager",
        "organisation": "LCC",
        "email": "",
    },
    {
        # "Director of Neighbourhoods" in May 2015, "Director" in December 2016.
        "key": "mark_gaffney",
        "honorific": "",
        "first_name": "Mark",
        "last_name": "Gaffney",
        "initials": "MG",
        "job_title": "Director",
        "organisation": "South Ribble",
        "email": "",
    },
    {
        "key": "richard_matthews",
        "honorific": "",
        "first_name": "Richard",
        "last_name": "Matthews",
        "initials": "RM",
        "job_title": "LSCB Business Coordinator",
        "organisation": "LSCB",
        "email": "",
    },
    {
        # "Head of Leisure & Cultural Services" in May 2015, "Deputy Director" in December 2016.
        "key": "john_nelson",
        "honorific": "",
        "first_name": "John",
        "last_name": "Nelson",
        "initials": "JN",
        "job_title": "Deputy Director",
        "organisation": "West Lancs",
        "email": "",
    },
    {
        "key": "karl_turner",
        "honorific": "",
        "first_name": "Karl",
        "last_name": "Turner",
        "initials": "KT",
        "job_title": "Children's Trust Development Officer",
        "organisation": "LCC",
        "email": "",
    },
    {
        "key": "fiona_grieveson",
        "honorific": "",
        "first_name": "Fiona",
        "last_name": "Grieveson",
        "initials": "FG",
        "job_title": "Head Teacher",
        "organisation": "Kingsbury",
        "email": "",
    },
    {
        "key": "lesley_morville",
        "honorific": "",
        "first_name": "Lesley",
        "last_name": "Morville",
        "initials": "LM",
        "job_title": "Locality Manager for Chorley, Wellbeing, Prevention and Early Help",
        "organisation": "LCC",
        "email": "",
    },
    {
        "key": "jackie_livesey",
        "honorific": "",
        "first_name": "Jackie",
        "last_name": "Livesey",
        "initials": "JL",
        "job_title": "Named Nurse for Safeguarding",
        "organisation": "LCFT",
        "email": "",
    },
    {
        "key": "jean_rollinson",
        "honorific": "",
        "first_name": "Jean",
        "last_name": "Rollinson",
        "initials": "JR",
        "job_title": "Head of Safeguarding",
        "organisation": "CCG",
        "email": "",
    },
    {
        "key": "michele_dacre",
        "honorific": "",
        "first_name": "Michele",
        "last_name": "Dacre",
        "initials": "MD",
        "job_title": "Senior Probation Officer",
        "organisation": "CRC",
        "email": "",
    },
    {
        "key": "donna_hussain",
        "honorific": "",
        "first_name": "Donna",
        "last_name": "Hussain",
        "initials": "DH",
        "job_title": "Community Development Manager",
        "organisation": "Chorley VCFS",
        "email": "",
    },
    {
        "key": "irene_elwell",
        "honorific": "",
        "first_name": "Irene",
        "last_name": "Elwell",
        "initials": "IE",
        "job_title": "Intervention & Prevention Officer",
        "organisation": "Chorley Council",
        "email": "",
    },
    {
        # Guest on 21 May 2015 (CSE item); mentioned again in December 2016 (CSE training for taxi drivers).
        "key": "tony_baxter",
        "honorific": "",
        "first_name": "Tony",
        "last_name": "Baxter",
        "initials": "TB",
        "job_title": "Detective Inspector, Public Protection Unit",
        "organisation": "Police",
        "email": "",
    },
    {
        # "Chorley, South Ribble & West Lancs CPB Coordinator" in 2015, "CPB Co-ordinator" in 2016.
        "key": "sarah_ashcroft",
        "honorific": "",
        "first_name": "Sarah",
        "last_name": "Ashcroft",
        "initials": "SA",
        "job_title": "CPB Co-ordinator",
        "organisation": "Chorley Council",
        "email": "",
    },
    # --- 21 May 2015, apologies ---
    {
        "key": "rebecca_noblet",
        "honorific": "Cllr",
        "first_name": "Rebecca",
        "last_name": "Noblet",
        "initials": "RN",
        "job_title": "Member responsible for CYP",
        "organisation": "South Ribble",
        "email": "",
    },
    {
        "key": "jo_keay",
        "honorific": "",
        "first_name": "Jo",
        "last_name": "Keay",
        "initials": "JK",
        "job_title": "Inspector",
        "organisation": "Police",
        "email": "",
    },
    {
        "key": "matthew_eastham",
        "honorific": "",
        "first_name": "Matthew",
        "last_name": "Eastham",
        "initials": "ME",
        "job_title": "Headteacher",
        "organisation": "Priory Academy",
        "email": "",
    },
    {
        "key": "debra_wilson",
        "honorific": "",
        "first_name": "Debra",
        "last_name": "Wilson",
        "initials": "DW",
        "job_title": "Clinical Lead Universal Services",
        "organisation": "LCFT",
        "email": "",
    },
    {
        # "Locality Manager for West Lancashire, Wellbeing, Prevention and Early Help" in May 2015;
        # the 17 Sept 2015 agenda title below.
        "key": "stephanie_critchley",
        "honorific": "",
        "first_name": "Stephanie",
        "last_name": "Critchley",
        "initials": "SC",
        "job_title": "Wellbeing, Prevention and Early Help Locality Manager",
        "organisation": "LCC",
        "email": "",
    },
    # --- 17 September 2015 agenda ---
    {
        # ASSUMED organisation: the seeds never name her employer or title. The chairs before and after
        # her are Chorley Council officers and her new role (Dec 2016) "covers customer and digital".
        "key": "rebecca_huddleston",
        "honorific": "",
        "first_name": "Rebecca",
        "last_name": "Huddleston",
        "initials": "RH",
        "job_title": "",
        "organisation": "Chorley Council",
        "email": "",
    },
    {
        # Also "Chair, LSCB eSafeguarding Group" (foreword of the e-Safety strategy).
        # ASSUMED organisation: the Schools ICT Centre is a Lancashire County Council service; the seeds
        # give only the job title.
        "key": "graham_lowe",
        "honorific": "",
        "first_name": "Graham",
        "last_name": "Lowe",
        "initials": "GL",
        "job_title": "Schools ICT Centre Manager",
        "organisation": "LCC",
        "email": "",
    },
    {
        "key": "maria_gilling",
        "honorific": "",
        "first_name": "Maria",
        "last_name": "Gilling",
        "initials": "MGi",
        "job_title": "Principal",
        "organisation": "West Lancs College",
        "email": "",
    },
    {
        "key": "lili_rushton",
        "honorific": "",
        "first_name": "Lili",
        "last_name": "Rushton",
        "initials": "LR",
        "job_title": "Wellbeing, Prevention and Early Help Coordinator Chorley and South Ribble",
        "organisation": "LCC",
        "email": "",
    },
    {
        "key": "simon_tait",
        "honorific": "",
        "first_name": "Simon",
        "last_name": "Tait",
        "initials": "ST",
        "job_title": "Comms & Customer Relations Manager",
        "organisation": "Intrahealth",
        "email": "",
    },
    # --- 14 December 2016, present ---
    {
        "key": "john_ainscough",
        "honorific": "",
        "first_name": "John",
        "last_name": "Ainscough",
        "initials": "JAi",
        "job_title": "Early Action",
        "organisation": "Police",
        "email": "",
    },
    {
        "key": "julie_appleby",
        "honorific": "",
        "first_name": "Julie",
        "last_name": "Appleby",
        "initials": "JA",
        "job_title": "Locality Manager",
        "organisation": "LCC",
        "email": "",
    },
    {
        "key": "michelle_brookes",
        "honorific": "",
        "first_name": "Michelle",
        "last_name": "Brookes",
        "initials": "MB",
        "job_title": "Manager, Student Services",
        "organisation": "West Lancs College",
        "email": "",
    },
    {
        "key": "louise_elo",
        "honorific": "",
        "first_name": "Louise",
        "last_name": "Elo",
        "initials": "LE",
        "job_title": "Head of Early Intervention and Support",
        "organisation": "Chorley Council",
        "email": "",
    },
    {
        # Presenter on 14 Dec 2016 ("PC Amanda Gibbons attended the meeting and gave a presentation").
        # The notes print her address for questions, so it is kept.
        "key": "amanda_gibbons",
        "honorific": "PC",
        "first_name": "Amanda",
        "last_name": "Gibbons",
        "initials": "AG",
        "job_title": "Prevent Officer",
        "organisation": "Police",
        "email": "amanda.gibbons@lancashire.pnn.police.uk",
    },
    {
        # Spelt "McMillian" once in the narrative; "McMillan" in the Present table.
        "key": "danielle_mcmillan",
        "honorific": "",
        "first_name": "Danielle",
        "last_name": "McMillan",
        "initials": "DMc",
        "job_title": "Business Coordinator",
        "organisation": "LSCB",
        "email": "",
    },
    # --- 14 December 2016, apologies ---
    {
        "key": "louise_burton",
        "honorific": "",
        "first_name": "Louise",
        "last_name": "Burton",
        "initials": "LB",
        "job_title": "Designated Lead Nurse",
        "organisation": "CCG",
        "email": "",
    },
    {
        # "Councillor Gagen": first name not given.
        "key": "cllr_gagen",
        "honorific": "Cllr",
        "first_name": "",
        "last_name": "Gagen",
        "initials": "CG",
        "job_title": "Councillor",
        "organisation": "West Lancs",
        "email": "",
    },
    {
        "key": "june_molyneaux",
        "honorific": "Cllr",
        "first_name": "June",
        "last_name": "Molyneaux",
        "initials": "JM",
        "job_title": "Councillor",
        "organisation": "Chorley Council",
        "email": "",
    },
    {
        # "Cllr Mort": first name not given.
        "key": "cllr_mort",
        "honorific": "Cllr",
        "first_name": "",
        "last_name": "Mort",
        "initials": "CM",
        "job_title": "Councillor",
        "organisation": "South Ribble",
        "email": "",
    },
    # --- 16 March 2017 agenda ---
    {
        "key": "peter_knowles",
        "honorific": "",
        "first_name": "Peter",
        "last_name": "Knowles",
        "initials": "PK",
        "job_title": "Senior Manager, Children's Social Care",
        "organisation": "LCC",
        "email": "",
    },
    {
        "key": "sarah_hargreaves",
        "honorific": "",
        "first_name": "Sarah",
        "last_name": "Hargreaves",
        "initials": "SH",
        "job_title": "LSCB and LSAB Business Coordinator",
        "organisation": "LSCB",
        "email": "",
    },
    {
        # "Tim Grose" on the 2017 agenda; "Tim Grouse" twice in the December 2016 notes. An LCC
        # (Wellbeing, Prevention and Early Help) manager: he takes over from Julie Appleby.
        "key": "tim_grose",
        "honorific": "",
        "first_name": "Tim",
        "last_name": "Grose",
        "initials": "TG",
        "job_title": "Locality Manager, Chorley, South Ribble and West Lancs",
        "organisation": "LCC",
        "email": "",
    },
]

# --------------------------------------------------------------------------------------------
# Memberships of the CPB. One row per period in one role; a change of role ends the old row the
# day before the new one starts.
#
# ASSUMED start dates: 2015-01-01 for everyone in the 21 May 2015 tables (the board already met
# on 2 February 2015, so they were members before May; the exact date is unknown). People first
# seen later start on the date of their first appearance in the seeds (the earliest date the
# seeds prove), unless noted. Nobody is given an end date unless the seeds show a change; people
# simply absent from the December 2016 tables stay members (the March 2017 agenda has an item on
# poor attendance at Board meetings).
#
# Not members (guests and presenters, kept as people for leads, attendance and actions):
# Tony Baxter (came to "all Children's Partnership Boards across Lancashire" once to link them
# with police-led CSE groups), Graham Lowe (invited to present in Sept 2015), Simon Tait
# (Intrahealth, one agenda item), Lili Rushton (co-presenter, Sept 2015), PC Amanda Gibbons
# (presentation, Dec 2016), Peter Knowles and Sarah Hargreaves (verbal updates, Mar 2017) and
# Michelle Brookes (recorded as Maria Gilling's deputy, see below).
# --------------------------------------------------------------------------------------------

MEMBERSHIPS = [
    # --- The chair, in turn ---
    {
        # Chaired 21 May 2015. ASSUMED end: the seeds only show that by 17 Sept 2015 Rebecca Huddleston
        # was "the newly appointed Chair"; we end Sarah's term the day before.
        "person": "sarah_james",
        "organisation": "Chorley Council",
        "role": "chair",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2015-01-01",
        "end_date": "2015-09-16",
        "deputy": None,
    },
    {
        # Introduced as the newly appointed Chair on 17 Sept 2015; on 14 Dec 2016 the Deputy Chair reported
        # that she "has now changed her role and will no longer be the Chair of the Board".
        "person": "rebecca_huddleston",
        "organisation": "Chorley Council",
        "role": "chair",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2015-09-17",
        "end_date": "2016-12-13",
        "deputy": None,
    },
    {
        # Volunteered and took the chair at the meeting of 14 Dec 2016 (item 2); chairs from then on.
        "person": "louise_elo",
        "organisation": "Chorley Council",
        "role": "chair",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2016-12-14",
        "end_date": None,
        "deputy": None,
    },
    # --- Deputy chair ---
    {
        "person": "fiona_grieveson",
        "organisation": "Kingsbury",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2015-01-01",
        "end_date": "2015-09-16",
        "deputy": None,
    },
    {
        # Named as Deputy Chair on 14 Dec 2016. ASSUMED start: the 17 Sept 2015 agenda has an unnamed
        # "Deputy Chair" introduce the new chair; we assume that was already Fiona Grieveson.
        "person": "fiona_grieveson",
        "organisation": "Kingsbury",
        "role": "deputy_chair",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2015-09-17",
        "end_date": None,
        "deputy": None,
    },
    # --- Co-ordinator ---
    {
        "person": "sarah_ashcroft",
        "organisation": "Chorley Council",
        "role": "coordinator",
        "co_opted_type": "",
        "voting": False,
        "start_date": "2015-01-01",
        "end_date": None,
        "deputy": None,
    },
    # --- Members in the 21 May 2015 tables ---
    {
        "person": "allan_miller",
        "organisation": "LCC",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2015-01-01",
        "end_date": None,
        "deputy": None,
    },
    {
        "person": "mark_gaffney",
        "organisation": "South Ribble",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2015-01-01",
        "end_date": None,
        "deputy": None,
    },
    {
        # ASSUMED end: by 14 Dec 2016 the LSCB had restructured and Danielle McMillan attended as its
        # Business Coordinator; we take it that she replaced Richard on the LSCB seat.
        "person": "richard_matthews",
        "organisation": "LSCB",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2015-01-01",
        "end_date": "2016-12-13",
        "deputy": None,
    },
    {
        "person": "john_nelson",
        "organisation": "West Lancs",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2015-01-01",
        "end_date": None,
        "deputy": None,
    },
    {
        # Listed as present like any member; he supports the board (action plan, performance measures).
        "person": "karl_turner",
        "organisation": "LCC",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2015-01-01",
        "end_date": None,
        "deputy": None,
    },
    {
        # ASSUMED end: the Dec 2016 notes report the WPEH restructure ("reducing the number of managers
        # from 10 to 5") with Julie Appleby as the Locality Manager on the Board.
        "person": "lesley_morville",
        "organisation": "LCC",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2015-01-01",
        "end_date": "2016-12-13",
        "deputy": None,
    },
    {
        "person": "jackie_livesey",
        "organisation": "LCFT",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2015-01-01",
        "end_date": None,
        "deputy": None,
    },
    {
        "person": "jean_rollinson",
        "organisation": "CCG",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2015-01-01",
        "end_date": None,
        "deputy": None,
    },
    {
        "person": "michele_dacre",
        "organisation": "CRC",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2015-01-01",
        "end_date": None,
        "deputy": None,
    },
    {
        "person": "donna_hussain",
        "organisation": "Chorley VCFS",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2015-01-01",
        "end_date": None,
        "deputy": None,
    },
    {
        # "Irene Elwell, Intervention and Prevention Officer was in attendance" for the CSE item on
        # 21 May 2015 and took an action (IE). Recorded as a non-voting officer from that date.
        "person": "irene_elwell",
        "organisation": "Chorley Council",
        "role": "officer",
        "co_opted_type": "",
        "voting": False,
        "start_date": "2015-05-21",
        "end_date": None,
        "deputy": None,
    },
    {
        "person": "rebecca_noblet",
        "organisation": "South Ribble",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2015-01-01",
        "end_date": None,
        "deputy": None,
    },
    {
        "person": "jo_keay",
        "organisation": "Police",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2015-01-01",
        "end_date": None,
        "deputy": None,
    },
    {
        "person": "matthew_eastham",
        "organisation": "Priory Academy",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2015-01-01",
        "end_date": None,
        "deputy": None,
    },
    {
        "person": "debra_wilson",
        "organisation": "LCFT",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2015-01-01",
        "end_date": None,
        "deputy": None,
    },
    {
        # ASSUMED end: the WPEH restructure, as for Lesley Morville.
        "person": "stephanie_critchley",
        "organisation": "LCC",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2015-01-01",
        "end_date": "2016-12-13",
        "deputy": None,
    },
    # --- First seen later ---
    {
        # Agenda lead 17 Sept 2015, apologies 14 Dec 2016. ASSUMED deputy: Michelle Brookes of the same
        # college attended on 14 Dec 2016 when Maria sent apologies (the notes do not mark her "D").
        "person": "maria_gilling",
        "organisation": "West Lancs College",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2015-09-17",
        "end_date": None,
        "deputy": "michelle_brookes",
    },
    {
        "person": "john_ainscough",
        "organisation": "Police",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2016-12-14",
        "end_date": None,
        "deputy": None,
    },
    {
        # "she will be leaving in March 2017 and Tim Grouse will be taking over from April".
        # ASSUMED end 2017-03-31 (the notes give only the month).
        "person": "julie_appleby",
        "organisation": "LCC",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2016-12-14",
        "end_date": "2017-03-31",
        "deputy": None,
    },
    {
        # Takes over from Julie Appleby "from April" 2017 (he already leads two items on 16 March 2017).
        "person": "tim_grose",
        "organisation": "LCC",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2017-04-01",
        "end_date": None,
        "deputy": None,
    },
    {
        # "At future meetings Danielle will provide updates/reports and share with the Board."
        "person": "danielle_mcmillan",
        "organisation": "LSCB",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2016-12-14",
        "end_date": None,
        "deputy": None,
    },
    {
        "person": "louise_burton",
        "organisation": "CCG",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2016-12-14",
        "end_date": None,
        "deputy": None,
    },
    {
        # The three councillors sent apologies on 14 Dec 2016, so they were members by then. In May 2015
        # no councillor attended and an induction for elected members was to be arranged (KT/SA);
        # their actual start dates are unknown.
        "person": "cllr_gagen",
        "organisation": "West Lancs",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2016-12-14",
        "end_date": None,
        "deputy": None,
    },
    {
        "person": "june_molyneaux",
        "organisation": "Chorley Council",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2016-12-14",
        "end_date": None,
        "deputy": None,
    },
    {
        "person": "cllr_mort",
        "organisation": "South Ribble",
        "role": "member",
        "co_opted_type": "",
        "voting": True,
        "start_date": "2016-12-14",
        "end_date": None,
        "deputy": None,
    },
]

# --------------------------------------------------------------------------------------------
# Demo logins (example.org only; the people are real names from public papers, the addresses
# are not theirs).
# --------------------------------------------------------------------------------------------

DEMO_LOGINS = [
    {
        "email": "coordinator@example.org",
        "password": "demo-coordinator",
        "person": "sarah_ashcroft",
        "label": "Coordinator",
    },
    {
        "email": "chair@example.org",
        "password": "demo-chair",
        "person": "louise_elo",
        "label": "Chair",
    },
    {
        # A member since 2015, present in May 2015 and December 2016, with no office.
        "email": "member@example.org",
        "password": "demo-member",
        "person": "john_nelson",
        "label": "Member",
    },
]

# --------------------------------------------------------------------------------------------
# Venues
# --------------------------------------------------------------------------------------------
# The South Ribble Civic Centre address is as the 2017 pack gives it for the Paddock Room
# ("Civic Centre, West Paddock, Leyland, PR25 1DH"); Chorley Town Hall as the December 2016
# notes give it ("Town Hall, Market Street, Chorley, PR7 1DP"). No seed gives access notes.

# --------------------------------------------------------------------------------------------
# Meetings held. Agenda items are in agenda order and numbered by position (1, 2, 3...;
# children a, b...). A lead is {"person": key}, {"office": "Chair"} or a guest
# {"guest_name", "guest_title", "guest_organisation"}. "minutes" is the time allowed (ASSUMED
# throughout: the packs give none). A paper's "pages" is its own length; the pack pads it to an
# even number of pages with "This page is intentionally left blank".
# --------------------------------------------------------------------------------------------

MEETINGS = [
    # ----------------------------------------------------------------------------------------
    # 21 May 2015. Agenda rebuilt from the item headings of the notes (2015 pack); item-for and
    # intended outcomes are ASSUMED, worded from what the notes record. The pack for this meeting
    # is not in the seeds, so its papers have no text and ASSUMED page counts.
    # ----------------------------------------------------------------------------------------
    {
        "date": "2015-05-21",
        # ASSUMED times: not given in the seeds.
        "start": "10:00",
        "end": "12:00",
        "venue": {
            "room": "",
            "building": "Civic Centre",
            "address": "South Ribble Borough Council, West Paddock, Leyland",
            "postcode": "PR25 1DH",
            "access_notes": "",
        },
        "kind": "ordinary",
        "status": "held",
        "agenda": [
            {
                "title": "Welcome and Introductions",
                "item_for": "information",
                "intended_outcome": (
                    "The Chair to welcome members to the meeting and invite attendees to introduce themselves."
                ),
                "leads": [{"office": "Chair"}],
                "minutes": 5,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": "welcome",
            },
            {
                "title": "Minutes of Last Meeting and Matters Arising",
                "item_for": "action",
                "intended_outcome": (
                    "The Board to note the minutes of the meeting held on 2 February 2015 and agree any "
                    "further action on matters arising."
                ),
                "leads": [{"office": "Chair"}],
                "minutes": 5,
                "verbal": False,
                "papers": [
                    {
                        "title": "Notes of meeting held on 2 February 2015",
                        "author": "",
                        "author_organisation": "",
                        "pages": 4,  # ASSUMED
                        "text": "",
                    },
                ],
                "children": [],
                "standing": "minutes",
            },
            {
                "title": "Safeguarding",
                "item_for": "information",
                "intended_outcome": (
                    "The Board to note the minutes of the Lancashire Safeguarding Children Board of "
                    "20 March 2015 and consider signing off the 2012 Multi Agency Safeguarding Practice "
                    "Inspection action plan."
                ),
                "leads": [{"person": "richard_matthews"}],
                "minutes": 15,
                "verbal": False,
                # "a copy had been provided with the agenda"; the MASPI plan was "supplied with the agenda".
                "papers": [
                    {
                        "title": "Minutes of the Lancashire Safeguarding Children Board, 20 March 2015",
                        "author": "",
                        "author_organisation": "Lancashire Safeguarding Children Board",
                        "pages": 6,  # ASSUMED
                        "text": "",
                    },
                    {
                        "title": "Multi Agency Safeguarding Practice Inspection action plan (2012)",
                        "author": "",
                        "author_organisation": "Lancashire Safeguarding Children Board",
                        "pages": 4,  # ASSUMED
                        "text": "",
                    },
                ],
                "children": [],
                "standing": None,
            },
            {
                "title": "Child Sexual Exploitation",
                "item_for": "discussion",
                "intended_outcome": (
                    "The Board to hear how the CSE Strategy will be delivered and strengthen links between "
                    "the Board, the LSCB and police-led CSE groups."
                ),
                "leads": [{"person": "tony_baxter"}],
                "minutes": 20,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": None,
            },
            {
                "title": "Action Planning",
                "item_for": "discussion",
                "intended_outcome": (
                    "The Board to receive the updated action plan and the proposed performance measures."
                ),
                "leads": [{"person": "karl_turner"}],
                "minutes": 15,
                "verbal": False,
                # "the proposed performance measures, circulated with the agenda, had been pulled
                # together by LCC"
                "papers": [
                    {
                        "title": "Proposed performance measures",
                        "author": "",
                        "author_organisation": "Lancashire County Council",
                        "pages": 2,  # ASSUMED
                        "text": "",
                    },
                ],
                "children": [],
                "standing": None,
            },
            {
                "title": "Prevention and Early Help",
                "item_for": "discussion",
                "intended_outcome": ("The Board to receive an update on the Prevention and Early Help Core Offer."),
                "leads": [{"person": "lesley_morville"}],
                "minutes": 15,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": None,
            },
            {
                "title": "Working Together with Families",
                "item_for": "discussion",
                "intended_outcome": (
                    "The Board to discuss Chorley Council's concerns about the changes to Working Together "
                    "with Families."
                ),
                "leads": [{"person": "sarah_james"}],
                "minutes": 20,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": None,
            },
            {
                "title": "Any Other Business",
                "item_for": "discussion",
                "intended_outcome": "",
                "leads": [{"office": "Chair"}],
                "minutes": 10,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": "aob",
            },
            {
                "title": "Future CPB Meeting Dates",
                "item_for": "information",
                "intended_outcome": (
                    "Thursday 17 September 10.00am – 12.00noon, West Lancs, meeting to be followed by a tour "
                    "of Youth Zone. Thursday 10 December 2.00pm – 4.00pm, Chorley."
                ),
                "leads": [{"office": "Chair"}],
                "minutes": 5,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": "future_dates",
            },
        ],
    },
    # ----------------------------------------------------------------------------------------
    # 17 September 2015: the agenda exactly as printed in the 2015 pack ("Discuss" -> discussion).
    # Page ranges: see SEED_PAGE_RANGES["2015-09-17"].
    # ----------------------------------------------------------------------------------------
    {
        "date": "2015-09-17",
        # "Thursday 17 September 10.00am - 12.00noon" (notes of 21 May 2015).
        "start": "10:00",
        "end": "12:00",
        "venue": {
            # The pack gives only "Youth Zone, Skelmersdale" (room, street and postcode not given).
            "room": "",
            "building": "Youth Zone",
            "address": "Skelmersdale",
            "postcode": "",
            "access_notes": "",
        },
        "kind": "ordinary",
        "status": "held",
        "agenda": [
            {
                "title": "Welcome and Introduction/Apologies",
                "item_for": "information",
                "intended_outcome": (
                    "The Deputy Chair to introduce Rebecca Huddleston as the newly appointed Chair and "
                    "welcome members to the meeting"
                ),
                "leads": [{"office": "Deputy Chair"}],
                "minutes": 5,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": "welcome",
            },
            {
                "title": "Minutes of last meeting and matters arising",
                "item_for": "action",
                "intended_outcome": (
                    "The Board to note the minutes of the meeting 21st May and agree any further action on "
                    "matters arising."
                ),
                "leads": [{"office": "Chair"}],
                "minutes": 5,
                "verbal": False,
                "papers": [
                    {
                        "title": "Notes of meeting held on 21 May 2015",
                        "author": "",
                        "author_organisation": "",
                        "pages": 4,
                        "text": _MINUTES_2015_05_21,
                    },
                ],
                "children": [],
                "standing": "minutes",
            },
            {
                "title": "Pan Lancashire e-Safety Strategy",
                "item_for": "discussion",
                "intended_outcome": (
                    "The Board to hear about the Pan Lancashire e-Safety Strategy and identify how they can "
                    "support and promote e-Safety."
                ),
                "leads": [{"person": "graham_lowe"}],
                "minutes": 15,
                "verbal": False,
                "papers": [
                    {
                        "title": "Pan-Lancashire eSafeguarding Strategy 2014 - 2016",
                        "author": "Graham Lowe",
                        "author_organisation": "LSCB eSafeguarding Group",
                        "pages": 8,
                        "text": _ESAFETY,
                    },
                ],
                "children": [],
                "standing": None,
            },
            {
                "title": "Safeguarding",
                "item_for": "information",
                "intended_outcome": "The Board to consider the findings of the LSCB report",
                "leads": [{"person": "richard_matthews"}],
                "minutes": 10,
                "verbal": False,
                "papers": [
                    {
                        "title": "Lancashire Safeguarding Children Board 10th July 2015 Summary",
                        "author": "",
                        "author_organisation": "Lancashire Safeguarding Children Board",
                        "pages": 2,
                        "text": _LSCB_SUMMARY,
                    },
                ],
                "children": [
                    {
                        # Item for and lead are blank in the pack.
                        "title": "Child Sexual Exploitation",
                        "item_for": "",
                        "intended_outcome": (
                            "A reminder for Board members to roll out the e-learning to all partners and "
                            "their staff to raise awareness of CSE, the link can be accessed here "
                            "http://www.lancashiresafeguarding.org.uk/learning-development.aspx"
                        ),
                        "leads": [],
                        "minutes": 5,
                        "verbal": False,
                        "papers": [],
                        "children": [],
                        "standing": None,
                    },
                ],
                "standing": None,
            },
            {
                "title": "Prevent Duty and Channel Programme",
                "item_for": "discussion",
                "intended_outcome": ("A discussion with the Board to look at how this will work within Lancashire"),
                "leads": [{"person": "maria_gilling"}],
                "minutes": 15,
                "verbal": False,
                "papers": [
                    {
                        # 11 pages + 1 blank = "(Pages 19 - 30)".
                        "title": "The Prevent duty: Departmental advice for schools and childcare providers",
                        "author": "",
                        "author_organisation": "Department for Education",
                        "pages": 11,
                        "text": _PREVENT,
                    },
                ],
                "children": [],
                "standing": None,
            },
            {
                "title": "Wellbeing, Prevention and Early Help",
                "item_for": "discussion",
                "intended_outcome": (
                    "The Board to hear the most recent update on the closure of the initial Troubled "
                    "Families Programme. Prevention and Early Help Core Offer quarterly report attached."
                ),
                "leads": [{"person": "stephanie_critchley"}, {"person": "lili_rushton"}],
                "minutes": 20,
                "verbal": False,
                # Pages 31 - 50 (stamped "Agenda Item 6" on pages 43, 44 and 50). The item total is fixed
                # by the pack; the split between the three papers is ASSUMED from their length.
                "papers": [
                    {
                        "title": "Preparing for the Expanded Troubled Families Programme",
                        "author": "Mike Hart",
                        "author_organisation": "Lancashire County Council",
                        "pages": 7,
                        "text": _TF_2015,
                    },
                    {
                        "title": (
                            "Report: Chorley and South Ribble Localities September 2015; "
                            "Report: West Lancs Area September 2015"
                        ),
                        "author": "",
                        # ASSUMED: written by the WPEH co-ordinator (an LCC service); unsigned.
                        "author_organisation": "Lancashire County Council",
                        "pages": 4,
                        "text": _LOCALITY,
                    },
                    {
                        "title": "District Prevention & Early Help Update: West Lancashire Q1 2015/16",
                        "author": "",
                        "author_organisation": "Lancashire County Council",
                        "pages": 8,
                        "text": _DISTRICT,
                    },
                ],
                "children": [],
                "standing": None,
            },
            {
                "title": "Raising Aspirations Project",
                "item_for": "discussion",
                "intended_outcome": "The Board to decide how we take this project forward",
                "leads": [{"office": "Chair"}],
                "minutes": 15,
                "verbal": False,
                "papers": [
                    {
                        # Dated 16 January 2015 (the author's phone and e-mail on the paper are left out).
                        "title": "Action Plan - Raising Aspirations Project",
                        "author": "Andrea Smith",
                        "author_organisation": "South Ribble Borough Council",
                        "pages": 4,
                        "text": _RAISING,
                    },
                ],
                "children": [],
                "standing": None,
            },
            {
                "title": "Young People Participation Proposals",
                "item_for": "discussion",
                "intended_outcome": "The board to discuss options and agree a way forward",
                "leads": [{"person": "karl_turner"}],
                "minutes": 10,
                "verbal": False,
                "papers": [
                    {
                        # Unsigned; 1 page + 1 blank = "(Pages 55 - 56)".
                        "title": "CYP participation: proposals for CPB to consider",
                        "author": "",
                        "author_organisation": "",
                        "pages": 1,
                        "text": _CYP_PARTICIPATION,
                    },
                ],
                "children": [],
                "standing": None,
            },
            {
                "title": "Childrens Nasal Flu Vaccination Programme",
                "item_for": "discussion",
                "intended_outcome": (
                    "The Board to hear about the National Children's Nasal Flu Vaccination Programme."
                ),
                "leads": [{"person": "simon_tait"}],
                "minutes": 10,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": None,
            },
            {
                "title": "Any other business",
                "item_for": "discussion",
                "intended_outcome": "",
                "leads": [{"office": "Chair"}],
                "minutes": 5,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": "aob",
            },
            {
                # Printed as item 11 with no other columns; it happens after the meeting closes.
                "title": "A tour of the Youth Zone will follow at the close of the meeting",
                "item_for": "",
                "intended_outcome": "",
                "leads": [],
                "minutes": 0,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": None,
            },
            {
                "title": "Future CPB meetings dates",
                "item_for": "information",
                "intended_outcome": (
                    "Thursday 10 December 2015, 2pm – Committee Room 1, Chorley Town Hall. "
                    "Thursday 10 March 2016, 2pm – Wheel Room, Civic Centre, South Ribble"
                ),
                "leads": [{"office": "Chair"}],
                "minutes": 2,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": "future_dates",
            },
        ],
    },
    # ----------------------------------------------------------------------------------------
    # 14 December 2016 (a Wednesday). Agenda rebuilt from the item headings of the notes
    # (2017 pack); item-for and intended outcomes are ASSUMED, worded from the notes. Item 2
    # (appointment of a new chair) may have been added on the day; it is kept where the notes
    # put it. The pack is not in the seeds: papers have no text and ASSUMED page counts.
    # ----------------------------------------------------------------------------------------
    {
        "date": "2016-12-14",
        # ASSUMED times: not given in the seeds (the other afternoon meetings start at 2pm).
        "start": "14:00",
        "end": "16:00",
        "venue": {
            "room": "Wheel Room",
            "building": "Civic Centre",
            "address": "South Ribble Borough Council, West Paddock, Leyland",
            "postcode": "PR25 1DH",
            "access_notes": "",
        },
        "kind": "ordinary",
        "status": "held",
        "agenda": [
            {
                "title": "Welcome and Introduction/Apologies",
                "item_for": "information",
                "intended_outcome": "The Chair to welcome members to the meeting and note any apologies",
                # "Deputy Chair, Fiona Grieveson welcomed everyone to the meeting"
                "leads": [{"office": "Deputy Chair"}],
                "minutes": 5,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": "welcome",
            },
            {
                "title": "Appointment of a New Chair",
                "item_for": "decision",
                "intended_outcome": ("The Board to appoint a new Chair following Rebecca Huddleston's change of role."),
                "leads": [{"office": "Deputy Chair"}],
                "minutes": 5,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": None,
            },
            {
                "title": "Minutes of Last Meeting and Matters Arising",
                "item_for": "action",
                "intended_outcome": (
                    "The Board to note the minutes of the last meeting and agree any further action on matters arising"
                ),
                "leads": [{"office": "Chair"}],
                "minutes": 5,
                "verbal": False,
                "papers": [
                    {
                        # The date of the previous meeting is not given in the seeds.
                        "title": "Notes of the previous meeting",
                        "author": "",
                        "author_organisation": "",
                        "pages": 4,  # ASSUMED
                        "text": "",
                    },
                ],
                "children": [],
                "standing": "minutes",
            },
            {
                "title": "Prevent Case Studies",
                "item_for": "discussion",
                "intended_outcome": ("The Board to receive a presentation on the Prevent Strategy, with case studies."),
                "leads": [{"person": "amanda_gibbons"}],
                "minutes": 25,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": None,
            },
            {
                "title": "Safeguarding",
                "item_for": "information",
                "intended_outcome": "The Board to receive an update from the LSCB.",
                "leads": [{"person": "danielle_mcmillan"}],
                "minutes": 10,
                "verbal": False,
                "papers": [],
                "children": [
                    {
                        "title": "CSE Update",
                        "item_for": "information",
                        "intended_outcome": "The Board to receive feedback from the recent meeting on CSE.",
                        "leads": [{"person": "fiona_grieveson"}],
                        "minutes": 10,
                        "verbal": False,
                        "papers": [],
                        "children": [],
                        "standing": None,
                    },
                ],
                "standing": None,
            },
            {
                "title": "Wellbeing, Prevention and Early Help Transformation",
                "item_for": "discussion",
                "intended_outcome": (
                    "The Board to receive an update on the changes to the Wellbeing, Prevention and Early Help Service."
                ),
                "leads": [{"person": "julie_appleby"}],
                "minutes": 10,
                "verbal": False,
                "papers": [],
                "children": [
                    {
                        "title": "Troubled Families",
                        "item_for": "discussion",
                        "intended_outcome": (
                            "The Board to receive a summary of Phase 2 of the Troubled Families Unit programme."
                        ),
                        "leads": [{"person": "julie_appleby"}],
                        "minutes": 15,
                        "verbal": False,
                        # "Julie provided a summary (attached to the agenda) ... A breakdown for each district
                        # is provided in the paper."
                        "papers": [
                            {
                                "title": "Troubled Families Unit programme: summary",
                                "author": "Julie Appleby",
                                "author_organisation": "Lancashire County Council",
                                "pages": 2,  # ASSUMED
                                "text": "",
                            },
                        ],
                        "children": [],
                        "standing": None,
                    },
                    {
                        # "The link to the National evaluation of the TFUP is attached in the agenda for
                        # information." The link itself is not in the seeds.
                        "title": "Troubled Families Update Lancashire response",
                        "item_for": "information",
                        "intended_outcome": (
                            "The Board to note the national evaluation of the Troubled Families programme "
                            "(link on the agenda)."
                        ),
                        "leads": [{"person": "julie_appleby"}],
                        "minutes": 5,
                        "verbal": False,
                        "papers": [],
                        "children": [],
                        "standing": None,
                    },
                ],
                "standing": None,
            },
            {
                "title": "Young Peoples Participation",
                "item_for": "discussion",
                "intended_outcome": ("The Board to receive feedback on the Local Democracy Event held in Chorley."),
                "leads": [{"office": "Chair"}],
                "minutes": 10,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": None,
            },
            {
                "title": "Any Other Business",
                "item_for": "discussion",
                "intended_outcome": "",
                "leads": [{"office": "Chair"}],
                "minutes": 5,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": "aob",
            },
            {
                "title": "Future CPB Meeting Dates",
                "item_for": "information",
                "intended_outcome": (
                    "Thursday 16th March, 2.00pm - Willow Suite, West Lancs Investment Centre, White Moss "
                    "Business Park, Maple View, Skelmersdale, WN8 9TG. Thursday 15th June, 10.00am – "
                    "Committee Room 2, Town Hall, Market Street, Chorley, PR7 1DP"
                ),
                "leads": [{"office": "Chair"}],
                "minutes": 2,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": "future_dates",
            },
        ],
    },
    # ----------------------------------------------------------------------------------------
    # 16 March 2017: the agenda exactly as printed in the 2017 pack. Page ranges: see
    # SEED_PAGE_RANGES["2017-03-16"].
    # ----------------------------------------------------------------------------------------
    {
        "date": "2017-03-16",
        "start": "14:00",
        # ASSUMED end: two hours.
        "end": "16:00",
        "venue": {
            "room": "Willow Suite",
            "building": "West Lancs Investment Centre",
            # "Marple View" on the agenda front sheet, "Maple View" in the December 2016 notes.
            "address": "White Moss Business Park, Maple View, Skelmersdale",
            "postcode": "WN8 9TG",
            "access_notes": "",
        },
        "kind": "ordinary",
        "status": "held",
        "agenda": [
            {
                "title": "Welcome and Introduction/Apologies",
                "item_for": "information",
                "intended_outcome": "The Chair to welcome members to the meeting and note any apologies",
                "leads": [{"office": "Chair"}],
                "minutes": 5,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": "welcome",
            },
            {
                "title": "Minutes of last meeting and matters arising",
                "item_for": "action",
                "intended_outcome": (
                    "The Board to note the minutes of the meeting 14th December 2016 and agree any further "
                    "action on matters arising"
                ),
                "leads": [{"office": "Chair"}],
                "minutes": 5,
                "verbal": False,
                "papers": [
                    {
                        # 5 pages + 1 blank = "(Pages 3 - 8)".
                        "title": "Notes of meeting held on 14 December 2016",
                        "author": "",
                        "author_organisation": "",
                        "pages": 5,
                        "text": _MINUTES_2016_12_14,
                    },
                ],
                "children": [],
                "standing": "minutes",
            },
            {
                # A heading with no content of its own.
                "title": "Safeguarding",
                "item_for": "",
                "intended_outcome": "",
                "leads": [],
                "minutes": 0,
                "verbal": False,
                "papers": [],
                "children": [
                    {
                        "title": "Local CSE Plans",
                        "item_for": "discussion",
                        "intended_outcome": "The board to receive a verbal update on local CSE plans",
                        "leads": [{"person": "peter_knowles"}],
                        "minutes": 15,
                        "verbal": True,
                        "papers": [],
                        "children": [],
                        "standing": None,
                    },
                    {
                        "title": "Update from LSCB",
                        "item_for": "discussion",
                        "intended_outcome": "The Board to receive a verbal update from the LSCB.",
                        "leads": [{"person": "sarah_hargreaves"}],
                        "minutes": 15,
                        "verbal": True,
                        "papers": [],
                        "children": [],
                        "standing": None,
                    },
                ],
                "standing": None,
            },
            {
                "title": "Troubled Families",
                "item_for": "discussion",
                "intended_outcome": "The Board to receive an update on the Troubled Families programme",
                "leads": [{"person": "tim_grose"}],
                "minutes": 20,
                "verbal": False,
                # Pages 9 - 24. The item total is fixed by the pack (blank pages follow the first two
                # papers); the split between the papers is ASSUMED from their length.
                "papers": [
                    {
                        "title": (
                            "TFU Update for the Children and Young People's Trust Partnership Board – November 2016"
                        ),
                        "author": "",
                        "author_organisation": "Lancashire County Council",
                        "pages": 5,
                        "text": _TFU_NOV,
                    },
                    {
                        "title": (
                            "TFU Update for Lancashire Children and Young People's Trust Partnership Board – "
                            "February 2017"
                        ),
                        "author": "",
                        "author_organisation": "Lancashire County Council",
                        "pages": 5,
                        "text": _TFU_FEB,
                    },
                    {
                        "title": "CYP Trust board TFU delivery report",
                        "author": "",
                        "author_organisation": "Lancashire County Council",
                        "pages": 4,
                        "text": _TFU_DELIVERY,
                    },
                ],
                "children": [],
                "standing": None,
            },
            {
                "title": "Children's Centres Update",
                "item_for": "discussion",
                "intended_outcome": (
                    "The Board to receive a verbal update on the future governance arrangements for Children's Centres"
                ),
                "leads": [{"person": "tim_grose"}],
                "minutes": 10,
                "verbal": True,
                "papers": [],
                "children": [],
                "standing": None,
            },
            {
                "title": "Membership/Attendance",
                "item_for": "discussion",
                "intended_outcome": "A discussion to take place regarding attendance at Board meetings.",
                "leads": [{"office": "Chair"}],
                "minutes": 15,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": None,
            },
            {
                "title": "Lancashire Children and Young People's Trust Board Update",
                "item_for": "discussion",
                "intended_outcome": "The Board to receive an update from the recent Trust Board Meeting.",
                "leads": [{"office": "Chair"}],
                "minutes": 10,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": None,
            },
            {
                "title": "Future of Lancashire Children and Young People's Trust Board",
                "item_for": "discussion",
                "intended_outcome": "The Chair to provide an update on the future of the Trust board",
                "leads": [{"office": "Chair"}],
                "minutes": 10,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": None,
            },
            {
                "title": "Papers for information",
                "item_for": "information",
                "intended_outcome": "The Board to note the papers attached for information.",
                "leads": [{"office": "Chair"}],
                "minutes": 5,
                "verbal": False,
                # Pages 25 - 58; each paper is followed by a blank page. Split ASSUMED from length.
                "papers": [
                    {
                        "title": (
                            "Working with parents in Lancashire. Building family resilience: A framework for success"
                        ),
                        "author": "",
                        "author_organisation": (
                            "Lancashire Children and Young People's Trust and Lancashire Safeguarding Children Board"
                        ),
                        "pages": 13,
                        "text": _WWP,
                    },
                    {
                        # Dashboard glyphs (stars, arrows, dots) are left out of the text.
                        "title": (
                            "Lancashire's Children and Young People's Plan 2014 – 17: Performance Monitoring "
                            "Scorecard, Quarter Two 2016/17"
                        ),
                        "author": "",
                        "author_organisation": "",
                        "pages": 9,
                        "text": _SCORECARD_Q2,
                    },
                    {
                        "title": (
                            "Lancashire's Children and Young People's Plan 2014 – 17: Performance Monitoring "
                            "Scorecard, Quarter Three 2016/17"
                        ),
                        "author": "",
                        "author_organisation": "",
                        "pages": 9,
                        "text": _SCORECARD_Q3,
                    },
                ],
                "children": [],
                "standing": None,
            },
            {
                # Item for, outcome and lead are blank in the pack.
                "title": "Any other business",
                "item_for": "",
                "intended_outcome": "",
                "leads": [],
                "minutes": 5,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": "aob",
            },
            {
                # The dates are printed in the Intended Outcome column; item for and lead are blank.
                "title": "Future CPB meeting dates",
                "item_for": "",
                "intended_outcome": (
                    "Thursday 15th June 2017 – 10.00am, Committee Room 2, Town Hall, Chorley, PR7 1DP "
                    "Thursday 21st September 2017 – 2.00pm, South Ribble Council, Paddock Room, "
                    "Civic Centre, West Paddock, Leyland, PR25 1DH"
                ),
                "leads": [],
                "minutes": 2,
                "verbal": False,
                "papers": [],
                "children": [],
                "standing": "future_dates",
            },
        ],
    },
]

# --------------------------------------------------------------------------------------------
# Future meetings, as listed in the latest pack (2017 pack, agenda item 11). Future relative to
# the seeds; a loader may move them to the current year. ASSUMED end times: two hours.
# --------------------------------------------------------------------------------------------

FUTURE_MEETINGS = [
    {
        "date": "2017-06-15",
        "start": "10:00",
        "end": "12:00",
        "venue": {
            "room": "Committee Room 2",
            "building": "Town Hall",
            "address": "Market Street, Chorley",
            "postcode": "PR7 1DP",
            "access_notes": "",
        },
        "kind": "ordinary",
        "status": "scheduled",
        "listed_in": "2017-03-16",
    },
    {
        "date": "2017-09-21",
        "start": "14:00",
        "end": "16:00",
        "venue": {
            "room": "Paddock Room",
            "building": "Civic Centre",
            "address": "South Ribble Borough Council, West Paddock, Leyland",
            "postcode": "PR25 1DH",
            "access_notes": "",
        },
        "kind": "ordinary",
        "status": "scheduled",
        "listed_in": "2017-03-16",
    },
]

# Dates the 2015 pack listed as future meetings. The seeds do not say whether these were held,
# so they are kept apart from MEETINGS and FUTURE_MEETINGS (a loader should not invent them).
EARLIER_LISTED_MEETINGS = [
    {
        # "Thursday 10 December 2.00pm - 4.00pm Chorley" (May 2015 notes); "Committee Room 1, Chorley Town
        # Hall" (Sept 2015 agenda).
        "date": "2015-12-10",
        "start": "14:00",
        "end": "16:00",
        "venue": {
            "room": "Committee Room 1",
            "building": "Town Hall",
            "address": "Market Street, Chorley",
            "postcode": "PR7 1DP",
            "access_notes": "",
        },
        "kind": "ordinary",
        "status": "scheduled",
        "listed_in": "2015-09-17",
    },
    {
        "date": "2016-03-10",
        "start": "14:00",
        "end": "16:00",  # ASSUMED
        "venue": {
            "room": "Wheel Room",
            "building": "Civic Centre",
            "address": "South Ribble Borough Council, West Paddock, Leyland",
            "postcode": "PR25 1DH",
            "access_notes": "",
        },
        "kind": "ordinary",
        "status": "scheduled",
        "listed_in": "2015-09-17",
    },
]

# --------------------------------------------------------------------------------------------
# "(Pages A - B)" for each agenda item with papers, by item number, as printed in the packs.
# 2015 pack: the converted agenda table prints "(Pages 31 - 50)" beside item 7 and nothing
# beside item 6, but the page stamps "Agenda Page 43 / 44 / 50 - Agenda Item 6" put pages
# 31 - 50 in item 6; the four-page Raising Aspirations plan (item 7) is then pages 51 - 54,
# which the printed agenda never shows. We record the corrected ranges.
# --------------------------------------------------------------------------------------------

SEED_PAGE_RANGES = {
    "2015-09-17": {
        "2": (5, 8),
        "3": (9, 16),
        "4": (17, 18),
        "5": (19, 30),
        "6": (31, 50),
        "7": (51, 54),
        "8": (55, 56),
    },
    "2017-03-16": {
        "2": (3, 8),
        "4": (9, 24),
        "9": (25, 58),
    },
}

# --------------------------------------------------------------------------------------------
# Attendance as printed in the Present / Apologies tables (role and organisation as they were).
# --------------------------------------------------------------------------------------------

ATTENDANCE = [
    # 21 May 2015 (2015 pack)
    {
        "meeting": "2015-05-21",
        "person": "sarah_james",
        "status": "present",
        "chair": True,
        "as_role": "Head of Policy (Public Service Reform)",
        "as_organisation": "Chorley Council",
    },
    {
        "meeting": "2015-05-21",
        "person": "allan_miller",
        "status": "present",
        "chair": False,
        "as_role": "LYOT Service Manager",
        "as_organisation": "Lancashire County Council",
    },
    {
        "meeting": "2015-05-21",
        "person": "mark_gaffney",
        "status": "present",
        "chair": False,
        "as_role": "Director of Neighbourhoods",
        "as_organisation": "South Ribble Borough Council",
    },
    {
        "meeting": "2015-05-21",
        "person": "richard_matthews",
        "status": "present",
        "chair": False,
        "as_role": "LSCB Business Coordinator",
        "as_organisation": "Lancashire Safeguarding Children Board",
    },
    {
        "meeting": "2015-05-21",
        "person": "john_nelson",
        "status": "present",
        "chair": False,
        "as_role": "Head of Leisure & Cultural Services",
        "as_organisation": "West Lancashire Borough Council",
    },
    {
        "meeting": "2015-05-21",
        "person": "karl_turner",
        "status": "present",
        "chair": False,
        "as_role": "Children's Trust Development Officer",
        "as_organisation": "Lancashire County Council",
    },
    {
        "meeting": "2015-05-21",
        "person": "fiona_grieveson",
        "status": "present",
        "chair": False,
        "as_role": "Headteacher",
        "as_organisation": "Kingsbury Special School",
    },
    {
        "meeting": "2015-05-21",
        "person": "lesley_morville",
        "status": "present",
        "chair": False,
        "as_role": "Locality Manager for Chorley, Wellbeing, Prevention and Early Help",
        "as_organisation": "Lancashire County Council",
    },
    {
        "meeting": "2015-05-21",
        "person": "jackie_livesey",
        "status": "present",
        "chair": False,
        "as_role": "Named Nurse for Safeguarding",
        "as_organisation": "Lancashire Care NHS Foundation Trust",
    },
    {
        "meeting": "2015-05-21",
        "person": "jean_rollinson",
        "status": "present",
        "chair": False,
        "as_role": "Head of Safeguarding",
        "as_organisation": "Chorley, SR & West Lancs CCG",
    },
    {
        "meeting": "2015-05-21",
        "person": "michele_dacre",
        "status": "present",
        "chair": False,
        "as_role": "Senior Probation Officer",
        "as_organisation": "Cumbria & Lancashire Community Rehabilitation Company",
    },
    {
        "meeting": "2015-05-21",
        "person": "donna_hussain",
        "status": "present",
        "chair": False,
        "as_role": "Community Development Manager",
        "as_organisation": "Chorley VCFS Network",
    },
    {
        "meeting": "2015-05-21",
        "person": "irene_elwell",
        "status": "present",
        "chair": False,
        "as_role": "Intervention & Prevention Officer",
        "as_organisation": "Chorley Council",
    },
    {
        "meeting": "2015-05-21",
        "person": "tony_baxter",
        "status": "present",
        "chair": False,
        "as_role": "Detective Inspector, Public Protection Unit",
        "as_organisation": "Lancashire Constabulary",
    },
    {
        "meeting": "2015-05-21",
        "person": "sarah_ashcroft",
        "status": "present",
        "chair": False,
        "as_role": "Chorley, South Ribble & West Lancs CPB Coordinator",
        "as_organisation": "Chorley Council",
    },
    {
        "meeting": "2015-05-21",
        "person": "rebecca_noblet",
        "status": "apologies",
        "chair": False,
        "as_role": "Member responsible for CYP",
        "as_organisation": "South Ribble Council",
    },
    {
        "meeting": "2015-05-21",
        "person": "jo_keay",
        "status": "apologies",
        "chair": False,
        "as_role": "Inspector",
        "as_organisation": "Lancashire Constabulary",
    },
    {
        "meeting": "2015-05-21",
        "person": "matthew_eastham",
        "status": "apologies",
        "chair": False,
        "as_role": "Headteacher",
        "as_organisation": "Penwortham Priory Academy",
    },
    {
        "meeting": "2015-05-21",
        "person": "debra_wilson",
        "status": "apologies",
        "chair": False,
        "as_role": "Clinical Lead, Universal Service",
        "as_organisation": "Lancashire Care Foundation Trust",
    },
    {
        "meeting": "2015-05-21",
        "person": "stephanie_critchley",
        "status": "apologies",
        "chair": False,
        "as_role": "Locality Manager for West Lancashire, Wellbeing, Prevention and Early Help",
        "as_organisation": "Lancashire County Council",
    },
    # 14 December 2016 (2017 pack). Fiona Grieveson opened the meeting as Deputy Chair; Louise Elo
    # took the chair at item 2 and is marked "(Chair)" in the table.
    {
        "meeting": "2016-12-14",
        "person": "john_ainscough",
        "status": "present",
        "chair": False,
        "as_role": "Early Action",
        "as_organisation": "Lancashire Constabulary",
    },
    {
        "meeting": "2016-12-14",
        "person": "julie_appleby",
        "status": "present",
        "chair": False,
        "as_role": "Locality Manager",
        "as_organisation": "WPEH, Lancashire County Council",
    },
    {
        "meeting": "2016-12-14",
        "person": "sarah_ashcroft",
        "status": "present",
        "chair": False,
        "as_role": "CPB Co-ordinator",
        "as_organisation": "Chorley Council",
    },
    {
        "meeting": "2016-12-14",
        "person": "michelle_brookes",
        "status": "present",
        "chair": False,
        "as_role": "Manager, Student Services",
        "as_organisation": "West Lancs College",
    },
    {
        "meeting": "2016-12-14",
        "person": "louise_elo",
        "status": "present",
        "chair": True,
        "as_role": "Head of Early Intervention and Support",
        "as_organisation": "Chorley Council",
    },
    {
        "meeting": "2016-12-14",
        "person": "mark_gaffney",
        "status": "present",
        "chair": False,
        "as_role": "Director",
        "as_organisation": "South Ribble Council",
    },
    {
        "meeting": "2016-12-14",
        "person": "amanda_gibbons",
        "status": "present",
        "chair": False,
        "as_role": "Prevent Officer",
        "as_organisation": "Lancashire Constabulary",
    },
    {
        "meeting": "2016-12-14",
        "person": "fiona_grieveson",
        "status": "present",
        "chair": False,
        "as_role": "Head Teacher",
        "as_organisation": "Kingsbury School",
    },
    {
        "meeting": "2016-12-14",
        "person": "danielle_mcmillan",
        "status": "present",
        "chair": False,
        "as_role": "Business Coordinator",
        "as_organisation": "LSCB",
    },
    {
        "meeting": "2016-12-14",
        "person": "john_nelson",
        "status": "present",
        "chair": False,
        "as_role": "Deputy Director",
        "as_organisation": "West Lancs Council",
    },
    {
        "meeting": "2016-12-14",
        "person": "louise_burton",
        "status": "apologies",
        "chair": False,
        "as_role": "Designated Lead Nurse",
        "as_organisation": "CCG",
    },
    {
        "meeting": "2016-12-14",
        "person": "cllr_gagen",
        "status": "apologies",
        "chair": False,
        "as_role": "Councillor",
        "as_organisation": "West Lancs Council",
    },
    {
        "meeting": "2016-12-14",
        "person": "maria_gilling",
        "status": "apologies",
        "chair": False,
        "as_role": "Principal",
        "as_organisation": "West Lancs College",
    },
    {
        "meeting": "2016-12-14",
        "person": "june_molyneaux",
        "status": "apologies",
        "chair": False,
        "as_role": "Councillor",
        "as_organisation": "Chorley Council",
    },
    {
        "meeting": "2016-12-14",
        "person": "cllr_mort",
        "status": "apologies",
        "chair": False,
        "as_role": "Councillor",
        "as_organisation": "South Ribble Council",
    },
    {
        "meeting": "2016-12-14",
        "person": "debra_wilson",
        "status": "apologies",
        "chair": False,
        "as_role": "Clinical Lead Universal Services",
        "as_organisation": "LCFT",
    },
]

# --------------------------------------------------------------------------------------------
# Actions from the ACTION BY column of the two sets of notes. "item" is the number in the notes;
# text as in the notes (lightly joined where the action needs its sentence of context).
# --------------------------------------------------------------------------------------------

MINUTES_ACTIONS = [
    # 21 May 2015 (2015 pack)
    {
        "meeting": "2015-05-21",
        "item": "3",
        "owners": ["RM", "LM"],
        "text": (
            "Make the agreed changes to the MASPI Action Plan (approved by the Board on that basis, at the "
            "conclusion of the meeting)."
        ),
    },
    {
        "meeting": "2015-05-21",
        "item": "4",
        "owners": ["SA"],
        "text": "To have CSE as a standing item on the agenda.",
    },
    {
        "meeting": "2015-05-21",
        "item": "4",
        "owners": ["SA"],
        "text": "To invite Graham Lowe, School ICT Centre Manager to the September meeting.",
    },
    {"meeting": "2015-05-21", "item": "4", "owners": ["IE"], "text": "To set up a Task and Finish Group."},
    {
        "meeting": "2015-05-21",
        "item": "5",
        "owners": ["LM"],
        "text": (
            "Lesley Morville to provide forward plan for quarterly reports on the Prevention and Early Help Core Offer."
        ),
    },
    {
        "meeting": "2015-05-21",
        "item": "7",
        "owners": ["LM"],
        "text": (
            "How Working Together with Families will be reported back in future: Lesley confirmed that it "
            "would be communicated when they know."
        ),
    },
    {
        "meeting": "2015-05-21",
        "item": "8",
        "owners": ["KT", "SA"],
        "text": (
            "Karl/Sarah to invite elected members from Chorley, West Lancs and South Ribble to a joint induction."
        ),
    },
    {
        "meeting": "2015-05-21",
        "item": "9",
        "owners": ["SA"],
        "text": "Coordinators to put together dates for future meetings; Feb/March - South Ribble.",
    },
    # 14 December 2016 (2017 pack)
    {
        "meeting": "2016-12-14",
        "item": "5",
        "owners": ["DMc"],
        "text": (
            "Danielle to forward the serious case review learning brief once published to Sarah to circulate "
            "to Board members."
        ),
    },
    {
        "meeting": "2016-12-14",
        "item": "5a",
        "owners": ["LE"],
        "text": ("Louise to share the following items: CSE Training; Safeguarding Policy (to include Prevent)."),
    },
    {
        "meeting": "2016-12-14",
        "item": "6a",
        "owners": ["JA"],
        "text": (
            "How are 6mth and 12mth tracked on the database, and is it linked to Liquid Logic or a separate "
            "database for TFU? Julie will find out for the next meeting from Lee Kearns."
        ),
    },
]
