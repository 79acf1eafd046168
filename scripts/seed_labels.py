"""Hand labels of every clause of the two seed documents (corpus/seeds/), by clause index.

Written by the team following corpus/GUIDELINE.md. Codes: domains SA RI DG DC PS SB;
actions IU AI NB GC OC GV PE OA; tasks by id. A clause not listed has no label.
"""

DOMAINS = {"SA": "smart_agriculture", "RI": "rural_digital_industry", "DG": "digital_governance",
           "DC": "digital_culture", "PS": "digital_public_services", "SB": "smart_beautiful_village"}
ACTIONS = {"IU": "infrastructure_upgrade", "AI": "smart_agriculture_innovation", "NB": "new_business_models",
           "GC": "governance_capacity", "OC": "online_culture", "GV": "smart_green_village",
           "PE": "public_service_efficiency", "OA": "online_assistance"}
ALL6 = "SA RI DG DC PS SB"

QA = {  # 2022_qa_digital_village_action_plan_2022_2025.txt
    12: "SA DG PS | OA IU AI GC PE | assist.linkage infra.information_infrastructure agri.production_digitization gov.online_services",
    14: "SA RI DC DG | IU AI NB OC GC | infra.information_infrastructure agri.production_digitization biz.ecommerce culture.online_positions",
    17: "| IU |", 18: "| IU | infra.information_infrastructure", 19: "| IU | infra.traditional_digitization",
    20: "SA | AI |", 21: "SA | AI | agri.big_data", 22: "SA | AI | agri.observation_network",
    23: "SA | AI | agri.production_digitization", 24: "SA | AI | agri.technology_innovation", 25: "SA | AI | agri.information_services",
    26: "RI | NB |", 27: "RI | NB | biz.ecommerce", 28: "RI | NB | biz.consumption_upgrade", 29: "RI | NB | biz.new_business_forms",
    30: "DG | GC |", 31: "DG | GC | gov.party_building", 32: "DG | GC | gov.online_services", 33: "DG | GC | gov.village_affairs",
    34: "DG | GC | gov.social_governance", 35: "DG | GC | gov.emergency_management",
    36: "DC | OC |", 37: "DC | OC | culture.online_positions", 38: "DC | OC | culture.resource_digitization",
    39: "SB | GV |", 40: "SB | GV | green.ecological_protection", 41: "SB | GV | green.living_environment",
    42: "PS | PE |", 43: "PS | PE | service.education", 44: "PS | PE | service.healthcare", 45: "PS | PE | service.social_security",
    46: "PS | PE | service.special_groups", 47: "PS | PE | service.inclusive_finance",
    48: "| OA |", 49: "| OA | assist.poverty_gains", 50: "| OA | assist.linkage",
    51: f"{ALL6} | IU AI NB GC OC GV PE |",
    52: "| OA | assist.linkage", 53: "| OA | assist.linkage", 54: "| OA | assist.poverty_gains", 55: "| OA | assist.poverty_gains",
    56: "| OA | assist.linkage", 57: "| OA | assist.linkage", 58: "RI | OA NB | assist.linkage biz.new_business_forms",
    59: "| OA | assist.poverty_gains", 60: "| IU OA | infra.information_infrastructure assist.linkage",
    61: "RI | NB OA | biz.ecommerce assist.linkage", 62: "| OA | assist.linkage", 63: "| OA | assist.linkage",
    67: "SA | AI | agri.production_digitization", 68: "RI | NB | biz.ecommerce", 69: "RI | NB | biz.new_business_forms",
    71: "PS | PE | service.inclusive_finance", 72: "SA | AI | agri.information_services",
    74: "DG | GC | gov.village_affairs", 75: "| OA | assist.linkage",
}
NOTICE = {  # 2024_notice_second_batch_digital_village_pilots.txt
    7: "SA | IU AI | agri.big_data",
    10: f"{ALL6} | |",
    11: "SA | AI | agri.production_digitization agri.technology_innovation",
    12: "RI | NB | biz.ecommerce", 13: "RI | NB | biz.new_business_forms", 14: "DG | GC | gov.social_governance",
    15: "DC | OC | culture.resource_digitization", 16: "PS | PE |", 17: "SB | GV | green.ecological_protection",
    20: f"{ALL6} | |",
    22: "DG PS | IU GC PE | infra.information_infrastructure",
}
SEED_LABELS = {"2022_qa_digital_village_action_plan_2022_2025.txt": QA, "2024_notice_second_batch_digital_village_pilots.txt": NOTICE}


def parse(code: str) -> tuple[list[str], list[str], list[str]]:
    """'SA | AI | agri.big_data' → ids of domains, actions, tasks."""
    d, a, t = (part.split() for part in code.split("|"))
    return [DOMAINS[x] for x in d], [ACTIONS[x] for x in a], t
