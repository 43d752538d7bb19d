//! Every string of the app in Indonesian (the default) and English. A message is one variant
//! with both texts side by side, so none can be left untranslated.

use lapor_types::reports::{ReportKind, ReportStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Id,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Lang {
        if code == "en" { Lang::En } else { Lang::Id }
    }

    /// The other language: what the switch offers.
    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Tagline,
    Lead,
    FileReport,
    TrackHeading,
    TrackHint,
    TrackingId,
    Track,
    SignIn,
    SignOut,
    Email,
    Password,
    SwitchLanguage,
    Loading,
    NoSuchReport,
    Status,
    Filed,
    Timeline,
    Confidential,
    SignedInAs,
    SignInHeading,
    SignInFailed,
    Home,
    PageNotFound,
    Required,
    Offline,
    SkipToContent,
    Register,
    RegisterHeading,
    Name,
    PhoneOptional,
    FileHeading,
    NeedSignIn,
    Kind,
    Title,
    Body,
    IncidentDate,
    Province,
    Regency,
    District,
    VillageOptional,
    Choose,
    Address,
    CategoryOptional,
    Anonymous,
    AnonymousHelp,
    ConfidentialLabel,
    ConfidentialHelp,
    Send,
    SentHeading,
    SentHint,
    FixFields,
}

impl Msg {
    pub fn text(self, lang: Lang) -> &'static str {
        use Msg::*;
        let (id, en) = match self {
            Tagline => (
                "Layanan Aspirasi dan Pengaduan Online Rakyat",
                "The people's online aspiration and complaint service",
            ),
            Lead => (
                "Sampaikan pengaduan, aspirasi, atau permintaan informasi Anda tentang layanan publik. Kami teruskan ke instansi yang berwenang dan Anda dapat memantau tindak lanjutnya.",
                "Tell us your complaint, aspiration or information request about a public service. We pass it to the institution responsible, and you can follow what is done.",
            ),
            FileReport => ("Buat laporan", "File a report"),
            TrackHeading => ("Lacak laporan", "Track a report"),
            TrackHint => (
                "Nomor pelacakan ada di tanda terima laporan Anda, misalnya LPR-2K7QX-9MZ4D.",
                "The tracking number is on your report's receipt, for example LPR-2K7QX-9MZ4D.",
            ),
            TrackingId => ("Nomor pelacakan", "Tracking number"),
            Track => ("Lacak", "Track"),
            SignIn => ("Masuk", "Sign in"),
            SignOut => ("Keluar", "Sign out"),
            Email => ("Email", "Email"),
            Password => ("Kata sandi", "Password"),
            SwitchLanguage => ("English", "Bahasa Indonesia"),
            Loading => ("Memuat…", "Loading…"),
            NoSuchReport => (
                "Tidak ada laporan dengan nomor pelacakan ini.",
                "There is no report with this tracking number.",
            ),
            Status => ("Status", "Status"),
            Filed => ("Dikirim", "Filed"),
            Timeline => ("Riwayat", "Timeline"),
            Confidential => (
                "Laporan ini rahasia: hanya statusnya yang ditampilkan.",
                "This report is confidential: only its status is shown.",
            ),
            SignedInAs => ("Masuk sebagai", "Signed in as"),
            SignInHeading => ("Masuk ke LAPOR!", "Sign in to LAPOR!"),
            SignInFailed => ("Email atau kata sandi salah.", "Wrong email or password."),
            Home => ("Beranda", "Home"),
            PageNotFound => ("Halaman tidak ditemukan.", "Page not found."),
            Required => ("Wajib diisi.", "Required."),
            Offline => (
                "Server tidak dapat dihubungi. Periksa koneksi Anda dan coba lagi.",
                "The server cannot be reached. Check your connection and try again.",
            ),
            SkipToContent => ("Langsung ke isi", "Skip to content"),
            Register => ("Daftar", "Register"),
            RegisterHeading => ("Daftar akun LAPOR!", "Create a LAPOR! account"),
            Name => ("Nama", "Name"),
            PhoneOptional => ("Nomor telepon (tidak wajib)", "Phone number (optional)"),
            FileHeading => ("Buat laporan", "File a report"),
            NeedSignIn => (
                "Masuk atau daftar dulu untuk membuat laporan, agar Anda dapat menerima tanggapan.",
                "Sign in or register first to file a report, so that you can receive the answers.",
            ),
            Kind => ("Jenis laporan", "Kind of report"),
            Title => ("Judul", "Title"),
            Body => ("Isi laporan", "What happened"),
            IncidentDate => ("Tanggal kejadian", "Date of the incident"),
            Province => ("Provinsi", "Province"),
            Regency => ("Kabupaten/kota", "Regency or city"),
            District => ("Kecamatan", "District"),
            VillageOptional => ("Desa/kelurahan (tidak wajib)", "Village (optional)"),
            Choose => ("— pilih —", "— choose —"),
            Address => ("Alamat atau lokasi", "Address or place"),
            CategoryOptional => ("Kategori (tidak wajib)", "Category (optional)"),
            Anonymous => ("Anonim", "Anonymous"),
            AnonymousHelp => (
                "Nama Anda tidak ditampilkan kepada publik maupun instansi yang menangani; hanya koordinator yang tahu.",
                "Your name is shown neither to the public nor to the institution handling it; only the coordinators know it.",
            ),
            ConfidentialLabel => ("Rahasia", "Confidential"),
            ConfidentialHelp => (
                "Isi laporan tidak ditampilkan kepada publik; yang melacak hanya melihat statusnya.",
                "The report is not shown to the public; anyone tracking it sees only its status.",
            ),
            Send => ("Kirim laporan", "Send the report"),
            SentHeading => ("Laporan terkirim", "Report sent"),
            SentHint => (
                "Simpan nomor pelacakan ini untuk memantau laporan Anda:",
                "Keep this tracking number to follow your report:",
            ),
            FixFields => ("Periksa isian yang ditandai.", "Check the marked fields."),
        };
        match lang {
            Lang::Id => id,
            Lang::En => en,
        }
    }
}

pub fn status(s: ReportStatus, lang: Lang) -> &'static str {
    let (id, en) = match s {
        ReportStatus::Submitted => ("Menunggu verifikasi", "Awaiting verification"),
        ReportStatus::OnHold => ("Ditunda", "On hold"),
        ReportStatus::Dispatched => ("Diteruskan ke instansi", "Sent to the institution"),
        ReportStatus::InProgress => ("Ditindaklanjuti", "In progress"),
        ReportStatus::Resolved => ("Selesai ditindaklanjuti", "Resolved"),
        ReportStatus::Closed => ("Ditutup", "Closed"),
        ReportStatus::Archived => ("Diarsipkan", "Archived"),
    };
    if lang == Lang::Id { id } else { en }
}

pub fn kind(k: ReportKind, lang: Lang) -> &'static str {
    let (id, en) = match k {
        ReportKind::Complaint => ("Pengaduan", "Complaint"),
        ReportKind::Aspiration => ("Aspirasi", "Aspiration"),
        ReportKind::InformationRequest => ("Permintaan informasi", "Information request"),
    };
    if lang == Lang::Id { id } else { en }
}

/// A timeline step's action (the API's event names), in words.
pub fn action(action: &str, lang: Lang) -> String {
    let (id, en) = match action {
        "submitted" => ("Laporan dikirim", "Report filed"),
        "verified" => ("Diverifikasi", "Verified"),
        "held" => ("Ditunda", "Put on hold"),
        "archived" => ("Diarsipkan", "Archived"),
        "disposed" => ("Diteruskan ke instansi", "Sent to an institution"),
        "responded" => ("Instansi menanggapi", "The institution responded"),
        "resolved" => ("Selesai ditindaklanjuti", "Resolved"),
        "accepted" => ("Diterima pelapor", "Accepted by the reporter"),
        "disputed" => ("Dibantah pelapor", "Disputed by the reporter"),
        "closed" => ("Ditutup", "Closed"),
        other => return other.replace('_', " "),
    };
    (if lang == Lang::Id { id } else { en }).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_round_trip_and_switch() {
        assert_eq!(Lang::from_code(Lang::En.code()), Lang::En);
        assert_eq!(
            Lang::from_code("fr"),
            Lang::Id,
            "Indonesian unless English is asked"
        );
        assert_eq!(Lang::Id.other(), Lang::En);
        assert_eq!(Msg::SignIn.text(Lang::Id), "Masuk");
        assert_eq!(Msg::SignIn.text(Lang::En), "Sign in");
        assert_eq!(status(ReportStatus::InProgress, Lang::En), "In progress");
        assert_eq!(action("some_new_event", Lang::Id), "some new event");
    }
}
