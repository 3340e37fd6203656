import { Cloud } from "../domain";
import { UnreachableCaseError } from "../unreachable";

/** A sales region of the public cloud: its countries, each with a rough share of the market. */
export interface Region {
  name: string;
  countries: readonly (readonly [country: string, weight: number])[];
}

/**
 * Where the public cloud's CSP business is, weighted roughly by market size (our guess, not a
 * published figure). A provider sells in a region or in a few of its countries.
 */
export const PUBLIC_REGIONS: readonly Region[] = [
  {
    name: "North America",
    countries: [
      ["US", 30],
      ["CA", 4],
    ],
  },
  {
    name: "Europe",
    countries: [
      ["GB", 7],
      ["DE", 7],
      ["FR", 5],
      ["NL", 3],
      ["ES", 3],
      ["IT", 3],
      ["PL", 2],
      ["SE", 2],
      ["BE", 1.5],
      ["CH", 1.5],
      ["IE", 1],
      ["DK", 1],
      ["NO", 1],
      ["FI", 1],
      ["AT", 1],
      ["PT", 1],
    ],
  },
  {
    name: "Asia Pacific",
    countries: [
      ["AU", 4],
      ["JP", 4],
      ["IN", 4],
      ["KR", 1.5],
      ["SG", 1.5],
      ["NZ", 1],
    ],
  },
  {
    name: "Latin America",
    countries: [
      ["BR", 3],
      ["MX", 2],
      ["AR", 1],
      ["CL", 1],
      ["CO", 1],
    ],
  },
  {
    name: "Middle East and Africa",
    countries: [
      ["AE", 1.5],
      ["ZA", 1.5],
      ["SA", 1],
      ["IL", 1],
      ["EG", 0.5],
      ["KE", 0.5],
      ["NG", 0.5],
    ],
  },
];

/** The national clouds each serve one country: US Government the US, 21Vianet China. */
export function regionsOf(cloud: Cloud): readonly Region[] {
  switch (cloud) {
    case Cloud.PUBLIC:
      return PUBLIC_REGIONS;
    case Cloud.US_GOV:
      return [{ name: "US Government", countries: [["US", 1]] }];
    case Cloud.CHINA:
      return [{ name: "China (21Vianet)", countries: [["CN", 1]] }];
    default:
      throw new UnreachableCaseError(cloud);
  }
}

/** The share of customers in each cloud: most public, a few per cent in each national cloud. */
export const CLOUD_SHARES: readonly (readonly [Cloud, number])[] = [
  [Cloud.PUBLIC, 0.95],
  [Cloud.US_GOV, 0.03],
  [Cloud.CHINA, 0.02],
];

/** The directory domain suffix of each cloud's tenants. */
export function domainSuffix(cloud: Cloud): string {
  switch (cloud) {
    case Cloud.PUBLIC:
      return "onmicrosoft.com";
    case Cloud.US_GOV:
      return "onmicrosoft.us";
    case Cloud.CHINA:
      return "partner.onmschina.cn";
    default:
      throw new UnreachableCaseError(cloud);
  }
}

/** Microsoft's fictitious company names, for partners and customers alike. */
export const BRANDS: readonly string[] = [
  "A. Datum",
  "Adatum",
  "Adventure Works",
  "Alpine Ski House",
  "Bellows College",
  "Best For You",
  "Blue Yonder",
  "City Power & Light",
  "Coho",
  "Contoso",
  "Consolidated Messenger",
  "Fabrikam",
  "First Up",
  "Fourth Coffee",
  "Graphic Design Institute",
  "Humongous",
  "Lamna",
  "Litware",
  "Lucerne",
  "Margie's",
  "Munson's",
  "Nod",
  "Northwind",
  "Proseware",
  "Relecloud",
  "School of Fine Art",
  "Southridge",
  "Tailspin",
  "Tailwind",
  "Trey",
  "VanArsdel",
  "Wide World",
  "Wingtip",
  "Woodgrove",
];

export const PROVIDER_SUFFIXES: readonly string[] = ["Distribution", "Distributors", "Supply"];
export const RESELLER_SUFFIXES: readonly string[] = [
  "IT Services",
  "Solutions",
  "Cloud",
  "Consulting",
  "Technology",
  "Networks",
  "Systems",
];
export const DIRECT_SUFFIXES: readonly string[] = [
  "Managed Services",
  "Cloud Services",
  "Digital",
  "Direct",
];
export const CUSTOMER_SUFFIXES: readonly string[] = [
  "Airlines",
  "Bank",
  "Energy",
  "Foods",
  "Health",
  "Insurance",
  "Labs",
  "Logistics",
  "Media",
  "Motors",
  "Pharma",
  "Retail",
  "Studios",
  "Travel",
];

/** A domain label from a name and a number that makes it unique: "Margie's Travel", 7 → margiestravel7. */
export function slug(name: string, serial: number): string {
  return `${name.toLowerCase().replace(/[^a-z0-9]/g, "")}${serial}`;
}
