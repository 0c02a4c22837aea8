/**
 * The six-digit area prefix shared by the NIK and the KK number: province, regency/city and district
 * (kecamatan) codes from the Kemendagri list, written with dots the way `idn-area-data` writes them.
 */

/** Answers whether a district code like '36.03.03' is in the current area list. */
export type DistrictLookup = (districtCode: string /* '36.03.03' */) => boolean;

/**
 * The 38 provinces (Kemendagri; matches `idn-area-data`). 93-96 are the 2022 Papua splits (Papua
 * Selatan, Papua Tengah, Papua Pegunungan, Papua Barat Daya). Province codes have never been
 * retired since the NIK began, so an unknown one is a typo, unlike an unknown district.
 */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', '16', '17', '18', '19', '21',
  '31', '32', '33', '34', '35', '36',
  '51', '52', '53',
  '61', '62', '63', '64', '65',
  '71', '72', '73', '74', '75', '76',
  '81', '82',
  '91', '92', '93', '94', '95', '96',
]);

export type AreaCodes = {
  provinceCode: string; // '36'
  regencyCode: string; // '36.03'
  districtCode: string; // '36.03.03'
};

export type AreaPart = 'province' | 'regency' | 'district';

/** `prefix` must be six ASCII digits; the caller has checked that already. */
export function readAreaPrefix(prefix: string): { codes: AreaCodes; invalidParts: AreaPart[] } {
  const province = prefix.slice(0, 2);
  const regency = prefix.slice(2, 4);
  const district = prefix.slice(4, 6);
  const invalidParts: AreaPart[] = [];
  if (!PROVINCE_CODES.has(province)) invalidParts.push('province');
  // Regency and district numbering starts at 01 in every province, so 00 is always a typo.
  if (regency === '00') invalidParts.push('regency');
  if (district === '00') invalidParts.push('district');
  return {
    codes: {
      provinceCode: province,
      regencyCode: `${province}.${regency}`,
      districtCode: `${province}.${regency}.${district}`,
    },
    invalidParts,
  };
}
