/**
 * A realistic submission of about 2 KB: what a resident's letter request carries (NIK, names,
 * dates, area codes, a dozen answers with author and time).
 */
export function realisticSubmission(index: number, now = new Date()) {
  const at = now.toISOString();
  const answers = [
    { stepId: 'nik', value: `360303170890${String(1000 + (index % 9000)).padStart(4, '0')}` },
    { stepId: 'nama', value: `WARGA UJI ${index} BINTI SUKARDI` },
    { stepId: 'tanggal-lahir', value: '1990-08-17' },
    { stepId: 'desa', value: '36.03.03.2002' },
    { stepId: 'rt', value: String(index % 20).padStart(3, '0') },
    { stepId: 'rw', value: String(index % 9).padStart(3, '0') },
    { stepId: 'pekerjaan', value: 'wiraswasta' },
    { stepId: 'status-kawin', value: 'kawin' },
    { stepId: 'keperluan', value: 'pendaftaran-sekolah' },
    { stepId: 'telepon', value: `08123${String(100000 + index).slice(-6)}` },
    { stepId: 'setuju', value: true },
    { stepId: 'dokumen', value: 'ktp,kk,surat-pengantar-rt' },
  ].map((answer) => ({ ...answer, author: 'resident', at, warnings: [{ code: 'nik.unknown_district', params: { district: '36.03.03', note: 'x'.repeat(60) } }] }));
  return {
    serviceId: 'surat-domisili',
    serviceVersion: 1,
    locale: 'id',
    officeCode: '36.03.03',
    startedAt: at,
    answers,
  };
}

