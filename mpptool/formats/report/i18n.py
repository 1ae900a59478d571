"""The rollout report's words in English and Bahasa Indonesia, and its numbers per language.

One dict per language with the same keys (a test holds them to that). Values are plain
text templates filled with :meth:`str.format`; each format escapes the result for its medium,
so a label never needs markup. Numbers: English writes 1,867.5, Indonesian 1.867,5.
"""

from __future__ import annotations

from collections.abc import Mapping

from mpptool.formats.shared import Lang

__all__ = ["EN", "ID", "Lang", "decimal", "integer", "percent", "words"]


EN: Mapping[str, str] = {
    "lang_code": "en",
    "title": "MPP rollout report",
    "title_province": "MPP rollout report: {code} {name}",
    "as_of": "As of {date}. Catalog files read: {files}; MPPs reported: {mpps}.",
    "scope_note": "Narrowed to province {code} {name}; national coverage and milestones stay national.",
    "findings_total": "Findings: {errors} errors, {warnings} warnings, {infos} infos (validation and audit rules).",
    "unreadable": "Files that could not be read as an MPP: {files}.",
    "sec_coverage": "National coverage",
    "sec_milestones": "Reported national milestones",
    "sec_provinces": "Provinces",
    "sec_mpps": "MPPs",
    "sec_agencies": "Agencies by category",
    "sec_staffing": "Staffing gap",
    "sec_findings": "Findings by severity",
    "sec_service_types": "Service-type coverage",
    "sec_sources": "Sources",
    "cov_mpps": "MPPs in the catalog: {total} ({operating} operating, {planned} planned, {closed} closed{unknown}).",
    "cov_unknown": ", {count} without a valid status",
    "cov_share": "Local governments with an operating MPP in the catalog: {covered} of {denominator} = {share}.",
    "cov_mpp_vs_lg": (
        "The {operating} operating MPPs serve {covered} local governments: a local government with two MPPs "
        "counts once, and an MPP whose region is not a local government counts for none."
    ),
    "cov_denominator": (
        "The denominator is the ministry's: {denominator} local governments, the {autonomous} autonomous "
        "kabupaten/kota plus {running}, whose administrative cities and regency are not autonomous, so the "
        "province runs their services. Kementerian PANRB measures MPP coverage against this base."
    ),
    "cov_catalog_note": (
        "This share counts only the MPPs in the catalog read; the figures reported for Indonesia as a whole "
        "are the milestones below."
    ),
    "milestones_intro": (
        "National MPP counts as reported by the ministry and the press (packaged reference data). "
        "The share of {denominator} is computed here; the reported share is the source's own, on its own base. "
        "A row marked not verified has not been checked against a primary source."
    ),
    "catalog_point": "this catalog",
    "sec_summary": "Summary",
    "brief_coverage_label": "Coverage",
    "brief_coverage": (
        "{covered} of {denominator} local governments ({share}) have an operating MPP in this catalog; "
        "nationally, {latest} MPPs were reported on {date} ({latest_share} of {denominator})."
    ),
    "brief_mpps_label": "MPPs",
    "brief_mpps": "{operating} operating, counted below; {planned} planned and {closed} closed, counted apart.",
    "brief_counters_label": "Counters",
    "brief_counters": (
        "{empty} of {counters} counters at operating MPPs stand empty; {part_time} are staffed only some days."
    ),
    "brief_days_label": "Counter-days",
    "brief_days": "{empty} of {scheduled} scheduled counter-days ({share}) empty by the queue logs.",
    "brief_staff_label": "Staff",
    "brief_staff": "{assigned} posted of {required} planned (a gap of {gap}).",
    "brief_staff_unknown": " Staff of {count} operating MPPs cannot be read.",
    "brief_paper_label": "On paper",
    "brief_paper": "{agencies} agency(ies) at {mpps} MPP(s) offer counter services but sit at no counter.",
    "brief_services_label": "Services",
    "brief_services": "{unreachable} of {services} services cannot be reached in person.",
    "brief_low_label": "Throughput",
    "brief_low": "{count} operating MPP(s) report a period under the visitors-per-open-day threshold (A010).",
    "brief_fix": "The MPPs with the most to fix",
    "brief_provinces": "Provinces furthest from full coverage",
    "brief_rules": "Findings by rule",
    "brief_rules_more": "and {count} more rules with {findings} findings (every finding: mpptool audit)",
    "staffing_in_print": (
        "Every MPP's staff posted and planned, and its gap, are columns of the table of each MPP below."
    ),
    "sev_error": "error",
    "sev_warning": "warning",
    "sev_info": "info",
    "h_rank": "#",
    "h_to_fix": "To fix",
    "h_uncovered": "Not covered",
    "h_rule": "Rule",
    "h_findings": "Findings",
    "h_severity": "Severity",
    "chart_map": "Coverage by province: share of local governments with an operating MPP in the catalog",
    "map_tile": "{name}: {covered} of {total} local governments ({share}), {operating} operating MPPs",
    "map_none": "none",
    "map_outside": "outside the province chosen (--province)",
    "map_label": (
        "A tile per province, placed by geography and shaded by coverage: {any} of {count} provinces have at least "
        "one local government with an operating MPP in the catalog, {full} have all; the table below lists every "
        "province."
    ),
    "catalog_point_partial": "this catalog: part of the country, not comparable with the national count",
    "catalog_partial_note": (
        "This catalog covers part of the country: {catalog} operating MPPs on {date} ({covered} of {denominator} "
        "local governments), not drawn on the national line."
    ),
    "chart_timeline_label_partial": (
        "MPPs reported nationally from {first} to {last} ({low} to {high}), against the {denominator} local "
        "governments. This catalog covers part of the country ({catalog} operating MPPs on {date}) and is not drawn "
        "on the national line."
    ),
    "h_date": "Date",
    "h_mpps": "MPPs",
    "h_share_of": "Share of {denominator}",
    "h_reported": "Reported share",
    "h_note": "Note",
    "h_source": "Source",
    "h_verified": "Verified",
    "yes": "yes",
    "not_verified": "not verified",
    "provinces_intro": (
        "Kab/kota in the Kemendagri list; local governments as counted in the denominator (DK Jakarta: one); "
        "the catalog's MPPs by province; coverage = local governments with an operating MPP over the province's."
    ),
    "h_code": "Code",
    "h_province": "Province",
    "h_kab_kota": "Kab/kota",
    "h_local_governments": "Local governments",
    "h_operating": "Operating",
    "h_planned": "Planned",
    "h_covered": "Covered",
    "h_coverage": "Coverage",
    "mpps_intro": (
        "Figures as the audit computes them (README, What the audit figures mean): counters empty or "
        "part-time, staff posted against planned at open counters, visitors per calendar day over all "
        "reported periods. A dash: not reported."
    ),
    "no_mpps": "No MPP in scope.",
    "h_mpp": "MPP",
    "h_name": "Name",
    "h_region": "Region",
    "h_status": "Status",
    "h_agencies": "Agencies",
    "h_services": "Services",
    "h_types": "Service types",
    "h_counters": "Counters",
    "h_empty": "Empty",
    "h_part_time": "Part-time",
    "h_staff": "Staff posted/planned",
    "h_gap": "Gap",
    "h_visitors": "Visitors/day",
    "h_visitors_open": "Visitors/open day",
    "h_digital": "MPP Digital",
    "h_total": "Total",
    "h_name_region": "Name (region)",
    "sec_mpp_details": "Each MPP, by province",
    "mpp_details_intro": (
        "Provinces by code, the MPPs of each by id, one row per MPP: the figures of the audit, the agencies listed by "
        "category, the validation and audit findings (errors/warnings/infos), MPP Digital. Names are written with "
        "MPP for Mal Pelayanan Publik; the region's code follows the name, its name too when the MPP's name "
        "does not say it. MPP Digital lists the service types it offers, ADM-01/02 for ADM-01 and ADM-02."
    ),
    "mpps_in_province": "{province}: {count} MPP(s), {operating} operating",
    "province_unknown": "province not known",
    "metric_sources": "Reported periods",
    "source_supports": "{source} (supports: {supports})",
    "cat_vertical": "Vertical",
    "cat_soe": "BUMN/BUMD",
    "cat_public_body": "Public body",
    "cat_opd_local": "OPD kab/kota",
    "cat_opd_province": "OPD province",
    "cat_private": "Private",
    "agencies_intro": (
        "Agencies listed in each file, by category (an agency of no known category counts in the total only)."
    ),
    "staffing_intro": "Staff planned minus staff posted at the open counters, worst first.",
    "findings_intro": (
        "Validation findings come from the catalog-format rules, audit findings from the audit rules "
        "(A001-A012); mpptool audit --mpp ID lists them."
    ),
    "h_validation": "Validation",
    "h_audit": "Audit",
    "h_errors": "errors",
    "h_warnings": "warnings",
    "h_infos": "infos",
    "types_intro": (
        "For each type of the packaged national taxonomy (a working list, not an official one), how many of "
        "the {count} operating MPPs in scope offer it."
    ),
    "types_none": "No operating MPP in scope: no shares to compute.",
    "h_service_type": "Service type",
    "h_category": "Category",
    "h_offered": "Offered by",
    "h_share": "Share",
    "sources_intro": (
        "Each MPP's figures come from the sources its catalog file cites (mpp.sources, and source on "
        "reported periods); the national milestones each carry their own source (above); the reference lists "
        "come from:"
    ),
    "h_publisher": "Publisher",
    "h_title": "Title",
    "h_url": "Address",
    "h_supports": "Supports",
    "no_sources": "No sources cited.",
    "metric_source": "Reported period",
    "ref_regions": "Regions",
    "ref_denominator": "Denominator",
    "ref_milestones": "National milestones",
    "ref_service_types": "Service-type taxonomy",
    "status_operating": "operating",
    "status_planned": "planned",
    "status_closed": "closed",
    "status_unknown": "not given",
    "digital_on": "on: {services}",
    "digital_on_empty": "on",
    "digital_off": "off",
    "digital_unknown": "not recorded",
    "chart_timeline": "Coverage timeline: MPPs reported nationally",
    "chart_timeline_label": (
        "MPPs reported nationally from {first} to {last} ({low} to {high}), and {catalog} operating MPPs in "
        "this catalog on {date}, against the {denominator} local governments."
    ),
    "chart_agencies": "Agencies by category, per MPP",
    "chart_agencies_label": "Stacked bars: each MPP's agencies by category; the table below holds the numbers.",
    "chart_staffing": "Staffing gap by MPP, worst first",
    "chart_staffing_label": "Bars: staff planned minus staff posted, per MPP, worst first: {items}.",
    "chart_no_data": "No data",
    "chart_all_mpps": "all {count} MPPs",
    "chart_worst_of": "The {shown} worst of {count} MPPs; the table lists all.",
    "chart_unverified": "open circle: not verified",
    "data_table": "Data table",
    "sec_activity": "Queue-log evidence",
    "activity_intro": (
        "What the queue machines' logs (--activity) prove against the catalog. A scheduled counter-day is a day "
        "a counter is expected to serve (one of its days, the MPP open, not a national holiday); it is empty when "
        "the counter called no ticket while other counters of the MPP did. An MPP closed day is a day the MPP was "
        "scheduled to open and no counter called a ticket, counted once for the MPP."
    ),
    "act_mpps": "MPPs with queue logs: {with_logs} of {mpps}{without}.",
    "act_without": "; no log row names {ids}",
    "act_rows": "Log files read: {files}; rows read: {rows}, used: {used}, left out: {left_out}{outside}.",
    "act_outside": ", outside the period: {count}",
    "act_rows_note": "Rows are counted over every log read, whatever the province.",
    "act_counter_days": "Empty counter-days: {empty} of {scheduled} scheduled = {share}.",
    "act_closed": "MPP closed days (scheduled to open, no counter called a ticket): {count}.",
    "act_worst": "Most empty counter-days: {items}.",
    "act_none": "No MPP in scope is named by a log row.",
    "act_more": "{shown} and {count} more",
    "act_table": "MPPs by empty counter-days, most first",
    "act_mpp_line": (
        "{start} to {end}: {served} served on {open_days} open days; {empty} of {scheduled} scheduled "
        "counter-days empty ({share}); MPP closed on {closed} scheduled day(s){dates}."
    ),
    "act_mpp_unusable": "{rows} log row(s) name it, none usable: no period to chart.",
    "h_period": "Log period",
    "h_served": "Served",
    "h_open_days": "Open days",
    "h_served_open": "Served/open day",
    "h_scheduled_cd": "Scheduled counter-days",
    "h_empty_cd": "Empty counter-days",
    "h_empty_share": "Empty share",
    "h_closed_days": "MPP closed days",
    "h_emptiest": "Emptiest counters",
    "h_counter": "Counter",
    "h_scheduled_days": "Scheduled days",
    "h_active_days": "Active days",
    "h_empty_days": "Empty days",
    "h_utilisation": "Utilisation",
    "h_wait_p90": "Wait p90 (min)",
    "heat_howto": (
        "How to read the heatmaps: each row is a counter, in catalog order, each column a week, labelled by "
        "month at its first Monday. A cell is the share of the counter's scheduled days that week on which it "
        "called a ticket: dark red, it stood empty (none); pale yellow, it served on every one; hatched grey, it "
        "had no scheduled day that week (a holiday week, a closed or planned counter, the MPP closed). The "
        "numbers on the right are the counter's empty and scheduled days over the period. A dark row is a "
        "counter that stands empty; a dark column, a week the MPP ran short."
    ),
    "chart_heatmap": "Counters by week: share of scheduled days staffed",
    "chart_heatmap_label": (
        "Heatmap of {counters} counters over {weeks} weeks, {first} to {last}: each cell is the share of the "
        "week's scheduled days on which the counter called a ticket, dark for none, light for all. "
        "Most empty days: {items}."
    ),
    "heat_row": (
        "{counter}, share of scheduled days staffed, week by week from {first} (a dash: none scheduled): {shares}"
    ),
    "heat_legend": "Share of the week's scheduled days on which the counter called a ticket",
    "heat_none": "no scheduled day",
    "heat_right": "empty/scheduled",
    "heat_items_none": "none",
    "month_names": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    "findings_intro_activity": (
        "Validation findings come from the catalog-format rules, audit findings from the audit rules "
        "(A001-A012) and, with queue logs, the evidence and log rules (V, L); mpptool audit --mpp ID "
        "--activity LOGS lists them."
    ),
    "footer": "Written by mpptool report from the catalog files and the packaged reference data.",
}

ID: Mapping[str, str] = {
    "lang_code": "id",
    "title": "Laporan perkembangan MPP",
    "title_province": "Laporan perkembangan MPP: {code} {name}",
    "as_of": "Per {date}. Berkas katalog dibaca: {files}; MPP dilaporkan: {mpps}.",
    "scope_note": "Dibatasi pada provinsi {code} {name}; cakupan dan capaian nasional tetap nasional.",
    "findings_total": "Temuan: {errors} galat, {warnings} peringatan, {infos} info (aturan validasi dan audit).",
    "unreadable": "Berkas yang tidak dapat dibaca sebagai MPP: {files}.",
    "sec_coverage": "Cakupan nasional",
    "sec_milestones": "Capaian nasional yang dilaporkan",
    "sec_provinces": "Provinsi",
    "sec_mpps": "MPP",
    "sec_agencies": "Instansi menurut kategori",
    "sec_staffing": "Kekurangan petugas",
    "sec_findings": "Temuan menurut tingkat",
    "sec_service_types": "Cakupan jenis layanan",
    "sec_sources": "Sumber",
    "cov_mpps": (
        "MPP dalam katalog: {total} ({operating} beroperasi, {planned} direncanakan, {closed} ditutup{unknown})."
    ),
    "cov_unknown": ", {count} tanpa status yang sah",
    "cov_share": "Pemerintah daerah dengan MPP yang beroperasi dalam katalog: {covered} dari {denominator} = {share}.",
    "cov_mpp_vs_lg": (
        "{operating} MPP yang beroperasi melayani {covered} pemerintah daerah: pemerintah daerah dengan dua MPP "
        "dihitung sekali, dan MPP yang wilayahnya bukan pemerintah daerah tidak dihitung."
    ),
    "cov_denominator": (
        "Penyebutnya mengikuti kementerian: {denominator} pemerintah daerah, yaitu {autonomous} kabupaten/kota "
        "otonom ditambah {running}, yang kota dan kabupaten administrasinya tidak otonom sehingga layanannya "
        "diselenggarakan oleh provinsi. Kementerian PANRB mengukur cakupan MPP terhadap angka ini."
    ),
    "cov_catalog_note": (
        "Persentase ini hanya menghitung MPP dalam katalog yang dibaca; angka yang dilaporkan untuk seluruh "
        "Indonesia adalah capaian di bawah."
    ),
    "milestones_intro": (
        "Jumlah MPP nasional menurut kementerian dan media (data rujukan bawaan). Persentase dari {denominator} "
        "dihitung di sini; persentase yang dilaporkan adalah milik sumbernya, dengan penyebutnya sendiri. "
        "Baris bertanda belum terverifikasi belum dicocokkan dengan sumber primer."
    ),
    "catalog_point": "katalog ini",
    "sec_summary": "Ringkasan",
    "brief_coverage_label": "Cakupan",
    "brief_coverage": (
        "{covered} dari {denominator} pemerintah daerah ({share}) memiliki MPP beroperasi dalam katalog ini; "
        "secara nasional, {latest} MPP dilaporkan pada {date} ({latest_share} dari {denominator})."
    ),
    "brief_mpps_label": "MPP",
    "brief_mpps": (
        "{operating} beroperasi, dihitung di bawah; {planned} direncanakan dan {closed} tutup, dihitung terpisah."
    ),
    "brief_counters_label": "Gerai",
    "brief_counters": (
        "{empty} dari {counters} gerai di MPP yang beroperasi kosong; {part_time} hanya berpetugas pada sebagian hari."
    ),
    "brief_days_label": "Hari-gerai",
    "brief_days": "{empty} dari {scheduled} hari-gerai terjadwal ({share}) kosong menurut log antrean.",
    "brief_staff_label": "Petugas",
    "brief_staff": "{assigned} ditempatkan dari {required} direncanakan (kurang {gap}).",
    "brief_staff_unknown": " Petugas {count} MPP yang beroperasi tidak dapat dibaca.",
    "brief_paper_label": "Di atas kertas",
    "brief_paper": "{agencies} instansi di {mpps} MPP menawarkan layanan gerai tetapi tidak menempati gerai.",
    "brief_services_label": "Layanan",
    "brief_services": "{unreachable} dari {services} layanan tidak dapat dijangkau secara langsung.",
    "brief_low_label": "Kunjungan",
    "brief_low": "{count} MPP yang beroperasi melaporkan periode di bawah ambang kunjungan per hari buka (A010).",
    "brief_fix": "MPP dengan perbaikan terbanyak",
    "brief_provinces": "Provinsi terjauh dari cakupan penuh",
    "brief_rules": "Temuan menurut aturan",
    "brief_rules_more": "dan {count} aturan lain dengan {findings} temuan (semua temuan: mpptool audit)",
    "staffing_in_print": (
        "Petugas ditempatkan dan direncanakan setiap MPP, serta kekurangannya, ada pada kolom tabel setiap MPP di "
        "bawah."
    ),
    "sev_error": "galat",
    "sev_warning": "peringatan",
    "sev_info": "info",
    "h_rank": "#",
    "h_to_fix": "Perbaikan",
    "h_uncovered": "Belum tercakup",
    "h_rule": "Aturan",
    "h_findings": "Temuan",
    "h_severity": "Tingkat",
    "chart_map": "Cakupan per provinsi: porsi pemerintah daerah yang memiliki MPP beroperasi dalam katalog",
    "map_tile": "{name}: {covered} dari {total} pemerintah daerah ({share}), {operating} MPP beroperasi",
    "map_none": "tidak ada",
    "map_outside": "di luar provinsi yang dipilih (--province)",
    "map_label": (
        "Satu petak per provinsi, ditata menurut letaknya dan diarsir menurut cakupan: {any} dari {count} provinsi "
        "memiliki sedikitnya satu pemerintah daerah dengan MPP beroperasi dalam katalog, {full} seluruhnya; tabel "
        "di bawah memuat setiap provinsi."
    ),
    "catalog_point_partial": "katalog ini: sebagian wilayah, tidak sebanding dengan angka nasional",
    "catalog_partial_note": (
        "Katalog ini mencakup sebagian wilayah: {catalog} MPP beroperasi pada {date} ({covered} dari {denominator} "
        "pemerintah daerah), tidak digambar pada garis nasional."
    ),
    "chart_timeline_label_partial": (
        "MPP yang dilaporkan secara nasional dari {first} sampai {last} ({low} sampai {high}), terhadap "
        "{denominator} pemerintah daerah. Katalog ini mencakup sebagian wilayah ({catalog} MPP beroperasi pada "
        "{date}) dan tidak digambar pada garis nasional."
    ),
    "h_date": "Tanggal",
    "h_mpps": "MPP",
    "h_share_of": "Persentase dari {denominator}",
    "h_reported": "Persentase dilaporkan",
    "h_note": "Catatan",
    "h_source": "Sumber",
    "h_verified": "Terverifikasi",
    "yes": "ya",
    "not_verified": "belum terverifikasi",
    "provinces_intro": (
        "Kab/kota menurut daftar Kemendagri; pemerintah daerah sebagaimana dihitung dalam penyebut (DK Jakarta: "
        "satu); MPP dalam katalog per provinsi; cakupan = pemerintah daerah dengan MPP yang beroperasi dibagi "
        "jumlah pemerintah daerah di provinsi itu."
    ),
    "h_code": "Kode",
    "h_province": "Provinsi",
    "h_kab_kota": "Kab/kota",
    "h_local_governments": "Pemerintah daerah",
    "h_operating": "Beroperasi",
    "h_planned": "Direncanakan",
    "h_covered": "Tercakup",
    "h_coverage": "Cakupan",
    "mpps_intro": (
        "Angka sebagaimana dihitung audit (README, What the audit figures mean): gerai kosong atau paruh waktu, "
        "petugas hadir dibanding rencana pada gerai yang buka, pengunjung per hari kalender atas seluruh "
        "periode yang dilaporkan. Tanda pisah: tidak dilaporkan."
    ),
    "no_mpps": "Tidak ada MPP dalam cakupan.",
    "h_mpp": "MPP",
    "h_name": "Nama",
    "h_region": "Wilayah",
    "h_status": "Status",
    "h_agencies": "Instansi",
    "h_services": "Layanan",
    "h_types": "Jenis layanan",
    "h_counters": "Gerai",
    "h_empty": "Kosong",
    "h_part_time": "Paruh waktu",
    "h_staff": "Petugas hadir/rencana",
    "h_gap": "Kekurangan",
    "h_visitors": "Pengunjung/hari",
    "h_visitors_open": "Pengunjung/hari buka",
    "h_digital": "MPP Digital",
    "h_total": "Jumlah",
    "h_name_region": "Nama (wilayah)",
    "sec_mpp_details": "Setiap MPP, menurut provinsi",
    "mpp_details_intro": (
        "Provinsi diurutkan menurut kode dan MPP di setiap provinsi menurut id, satu baris per MPP: angka hasil "
        "audit, instansi menurut kategori, temuan validasi dan audit (galat/peringatan/info), serta MPP Digital. "
        "Dalam nama, Mal Pelayanan Publik disingkat MPP; kode wilayah ditulis setelah nama, dan nama wilayah juga "
        "ditulis bila tidak disebut dalam nama MPP. Kolom MPP Digital mencantumkan jenis layanan yang tersedia, "
        "ADM-01/02 berarti ADM-01 dan ADM-02."
    ),
    "mpps_in_province": "{province}: {count} MPP, {operating} beroperasi",
    "province_unknown": "provinsi tidak diketahui",
    "metric_sources": "Periode yang dilaporkan",
    "source_supports": "{source} (mendukung: {supports})",
    "cat_vertical": "Instansi vertikal",
    "cat_soe": "BUMN/BUMD",
    "cat_public_body": "Badan hukum publik",
    "cat_opd_local": "OPD kab/kota",
    "cat_opd_province": "OPD provinsi",
    "cat_private": "Swasta",
    "agencies_intro": (
        "Instansi yang tercantum di setiap berkas, menurut kategori (instansi tanpa kategori yang dikenal hanya "
        "dihitung dalam jumlah)."
    ),
    "staffing_intro": "Petugas yang direncanakan dikurangi petugas yang hadir pada gerai yang buka, terbesar dahulu.",
    "findings_intro": (
        "Temuan validasi berasal dari aturan format katalog, temuan audit dari aturan audit (A001-A012); "
        "mpptool audit --mpp ID mencantumkannya."
    ),
    "h_validation": "Validasi",
    "h_audit": "Audit",
    "h_errors": "galat",
    "h_warnings": "peringatan",
    "h_infos": "info",
    "types_intro": (
        "Untuk setiap jenis dalam taksonomi nasional bawaan (daftar kerja, bukan daftar resmi), berapa dari "
        "{count} MPP yang beroperasi dalam cakupan yang menawarkannya."
    ),
    "types_none": "Tidak ada MPP yang beroperasi dalam cakupan: tidak ada persentase untuk dihitung.",
    "h_service_type": "Jenis layanan",
    "h_category": "Kategori",
    "h_offered": "Ditawarkan oleh",
    "h_share": "Persentase",
    "sources_intro": (
        "Angka setiap MPP berasal dari sumber yang dikutip berkas katalognya (mpp.sources, dan source pada "
        "periode yang dilaporkan); setiap capaian nasional membawa sumbernya sendiri (di atas); daftar rujukan "
        "berasal dari:"
    ),
    "h_publisher": "Penerbit",
    "h_title": "Judul",
    "h_url": "Alamat",
    "h_supports": "Mendukung",
    "no_sources": "Tidak ada sumber yang dikutip.",
    "metric_source": "Periode yang dilaporkan",
    "ref_regions": "Wilayah",
    "ref_denominator": "Penyebut",
    "ref_milestones": "Capaian nasional",
    "ref_service_types": "Taksonomi jenis layanan",
    "status_operating": "beroperasi",
    "status_planned": "direncanakan",
    "status_closed": "ditutup",
    "status_unknown": "tidak tercantum",
    "digital_on": "aktif: {services}",
    "digital_on_empty": "aktif",
    "digital_off": "tidak aktif",
    "digital_unknown": "tidak tercatat",
    "chart_timeline": "Lini masa cakupan: MPP yang dilaporkan secara nasional",
    "chart_timeline_label": (
        "MPP yang dilaporkan secara nasional dari {first} sampai {last} ({low} sampai {high}), dan {catalog} MPP "
        "yang beroperasi dalam katalog ini pada {date}, terhadap {denominator} pemerintah daerah."
    ),
    "chart_agencies": "Instansi menurut kategori, per MPP",
    "chart_agencies_label": "Batang bertumpuk: instansi setiap MPP menurut kategori; angkanya ada pada tabel di bawah.",
    "chart_staffing": "Kekurangan petugas per MPP, terbesar dahulu",
    "chart_staffing_label": "Batang: petugas direncanakan dikurangi petugas hadir, per MPP, terbesar dahulu: {items}.",
    "chart_no_data": "Tidak ada data",
    "chart_all_mpps": "semua {count} MPP",
    "chart_worst_of": "{shown} terbesar dari {count} MPP; tabel memuat semuanya.",
    "chart_unverified": "lingkaran kosong: belum terverifikasi",
    "data_table": "Tabel data",
    "sec_activity": "Bukti log antrean",
    "activity_intro": (
        "Apa yang dibuktikan log mesin antrean (--activity) terhadap katalog. Hari-gerai terjadwal adalah hari "
        "sebuah gerai seharusnya melayani (salah satu hari layanannya, MPP sudah beroperasi, bukan hari libur "
        "nasional); hari itu kosong bila gerai tidak memanggil satu tiket pun sementara gerai lain di MPP itu "
        "memanggil. Hari MPP tutup adalah hari MPP dijadwalkan buka tetapi tidak ada gerai yang memanggil tiket, "
        "dihitung sekali untuk MPP itu."
    ),
    "act_mpps": "MPP dengan log antrean: {with_logs} dari {mpps}{without}.",
    "act_without": "; tidak ada baris log yang menyebut {ids}",
    "act_rows": "Berkas log dibaca: {files}; baris dibaca: {rows}, dipakai: {used}, disisihkan: {left_out}{outside}.",
    "act_outside": ", di luar periode: {count}",
    "act_rows_note": "Baris dihitung atas seluruh log yang dibaca, apa pun provinsinya.",
    "act_counter_days": "Hari-gerai kosong: {empty} dari {scheduled} yang terjadwal = {share}.",
    "act_closed": "Hari MPP tutup (dijadwalkan buka, tidak ada gerai yang memanggil tiket): {count}.",
    "act_worst": "Hari-gerai kosong terbanyak: {items}.",
    "act_none": "Tidak ada MPP dalam cakupan yang disebut oleh baris log.",
    "act_more": "{shown} dan {count} lainnya",
    "act_table": "MPP menurut hari-gerai kosong, terbanyak dahulu",
    "act_mpp_line": (
        "{start} sampai {end}: {served} dilayani dalam {open_days} hari buka; {empty} dari {scheduled} "
        "hari-gerai terjadwal kosong ({share}); MPP tutup pada {closed} hari terjadwal{dates}."
    ),
    "act_mpp_unusable": "{rows} baris log menyebutnya, tidak ada yang dapat dipakai: tidak ada periode untuk digambar.",
    "h_period": "Periode log",
    "h_served": "Dilayani",
    "h_open_days": "Hari buka",
    "h_served_open": "Dilayani/hari buka",
    "h_scheduled_cd": "Hari-gerai terjadwal",
    "h_empty_cd": "Hari-gerai kosong",
    "h_empty_share": "Persentase kosong",
    "h_closed_days": "Hari MPP tutup",
    "h_emptiest": "Gerai paling kosong",
    "h_counter": "Gerai",
    "h_scheduled_days": "Hari terjadwal",
    "h_active_days": "Hari aktif",
    "h_empty_days": "Hari kosong",
    "h_utilisation": "Utilisasi",
    "h_wait_p90": "Tunggu p90 (menit)",
    "heat_howto": (
        "Cara membaca peta panas: setiap baris adalah gerai, menurut urutan katalog, setiap kolom satu minggu, "
        "diberi label bulan pada Senin pertamanya. Sel menunjukkan persentase hari terjadwal gerai dalam minggu "
        "itu saat gerai memanggil tiket: merah tua, gerai kosong (tidak sekali pun); kuning pucat, gerai melayani "
        "setiap hari terjadwal; abu-abu berarsir, tidak ada hari terjadwal minggu itu (minggu libur, gerai ditutup "
        "atau direncanakan, MPP tutup). Angka di kanan adalah hari kosong dan hari terjadwal gerai selama periode. "
        "Baris gelap adalah gerai yang kosong; kolom gelap, minggu saat MPP kekurangan petugas."
    ),
    "chart_heatmap": "Gerai per minggu: persentase hari terjadwal yang terisi",
    "chart_heatmap_label": (
        "Peta panas {counters} gerai selama {weeks} minggu, {first} sampai {last}: setiap sel adalah persentase "
        "hari terjadwal dalam minggu itu saat gerai memanggil tiket, gelap bila tidak sekali pun, terang bila "
        "setiap hari. Hari kosong terbanyak: {items}."
    ),
    "heat_row": (
        "{counter}, persentase hari terjadwal yang terisi per minggu mulai {first} (tanda pisah: tidak ada hari "
        "terjadwal): {shares}"
    ),
    "heat_legend": "Persentase hari terjadwal dalam minggu itu saat gerai memanggil tiket",
    "heat_none": "tidak ada hari terjadwal",
    "heat_right": "kosong/terjadwal",
    "heat_items_none": "tidak ada",
    "month_names": "Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des",
    "findings_intro_activity": (
        "Temuan validasi berasal dari aturan format katalog, temuan audit dari aturan audit (A001-A012) dan, "
        "dengan log antrean, dari aturan bukti dan log (V, L); mpptool audit --mpp ID --activity LOG "
        "mencantumkannya."
    ),
    "footer": "Ditulis oleh mpptool report dari berkas katalog dan data rujukan bawaan.",
}

LABELS: Mapping[Lang, Mapping[str, str]] = {Lang.EN: EN, Lang.ID: ID}
"""Every language's words, by language."""


def words(lang: Lang) -> Mapping[str, str]:
    """The labels and sentences of ``lang``."""
    return LABELS[lang]


_INDONESIAN = str.maketrans(",.", ".,")


def _localise(text: str, lang: Lang) -> str:
    """Swap the English separators for Indonesian ones (``,`` thousands, ``.`` decimals)."""
    return text.translate(_INDONESIAN) if lang is Lang.ID else text


def integer(value: int | None, lang: Lang) -> str:
    """1,867 (en) or 1.867 (id); a dash when unknown."""
    return "-" if value is None else _localise(f"{value:,}", lang)


def decimal(value: float | None, lang: Lang, places: int = 1) -> str:
    """8.8 (en) or 8,8 (id); a dash when unknown."""
    return "-" if value is None else _localise(f"{value:,.{places}f}", lang)


def percent(share: float | None, lang: Lang, places: int = 1) -> str:
    """A share as a percentage: 58.2% (en) or 58,2% (id); a dash when unknown."""
    return "-" if share is None else decimal(100 * share, lang, places) + "%"
