//! Every string of the app in Indonesian (the default) and English. A message is one variant
//! with both texts side by side, so none can be left untranslated.

use lapor_types::integration::{ApiScope, AttemptFailure};
use lapor_types::problem::ErrorCode;
use lapor_types::reference::InstitutionKind;
use lapor_types::reports::{
    ArchiveReason, Channel, DispositionStatus, EventKind, FollowupKind, ReportKind, ReportStatus,
};
use lapor_types::users::Role;

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
    SessionEnded,
    Home,
    PageNotFound,
    PageNotLoaded,
    TryAgain,
    LoadMore,
    Required,
    NotSaved,
    RequiredMarked,
    Offline,
    SkipToContent,
    Register,
    RegisterHeading,
    LinkSentTo,
    OpenTheLink,
    ConfirmHeading,
    ConfirmHint,
    Finish,
    LinkInvalid,
    NotThePasswordChosen,
    ForgotPassword,
    ForgotHeading,
    ForgotHint,
    SendLink,
    ResetLinkSent,
    NoEmailHere,
    NewPasswordHeading,
    NewPassword,
    PasswordChanged,
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
    All,
    NoUnit,
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
    NotFound,
    VerifyDue,
    ResolveDue,
    FeedbackDue,
    ResponseDue,
    Reporter,
    Attachments,
    Coordinate,
    Verify,
    Hold,
    QuestionToReporter,
    Archive,
    Reason,
    Note,
    DuplicateOf,
    ChooseReason,
    DisposeTo,
    Instruction,
    ChooseInstitution,
    Dispose,
    Dispositions,
    DeclineReason,
    Resolution,
    AcceptDisposition,
    Complete,
    Decline,
    FeedbackHeading,
    YourVerdict,
    Accept,
    Dispute,
    Rating,
    CommentOptional,
    ChooseVerdict,
    SendVerdict,
    Thread,
    NoFollowups,
    FollowupKind,
    Message,
    Reply,
    NoteHint,
    SendFollowup,
    MyReports,
    NoReportsYet,
    Queue,
    QueueEmpty,
    OnHoldHeading,
    NothingOnHold,
    Inbox,
    NewDispositions,
    AcceptedDispositions,
    InboxEmpty,
    Dashboard,
    DashboardHint,
    NoCategory,
    Total,
    FollowedUpRate,
    FinishedRate,
    AnsweredOnTime,
    ResolvedOnTime,
    ReportsFiled,
    ReportsFinished,
    OverdueRate,
    AverageRating,
    ByStatus,
    ByKind,
    ByCategory,
    ByUnit,
    TrendHeading,
    LeagueHeading,
    NoData,
    Finished,
    Overdue,
    Unit,
    RespondedRate,
    CompletedRate,
    Notifications,
    MarkAllRead,
    NoNotifications,
    Unread,
    AttachmentsOptional,
    AttachmentsHint,
    TooLarge,
    NotAPhoto,
    UploadFailed,
    Remove,
    FeedHeading,
    SearchWords,
    Search,
    NothingFound,
    SignInToSupport,
    Support,
    Administration,
    Institutions,
    Inactive,
    Deactivate,
    Activate,
    AddInstitution,
    Code,
    InstitutionKind,
    Parent,
    RegionCodeOptional,
    Add,
    Users,
    AddUser,
    Role,
    Categories,
    CategoriesHint,
    DefaultInstitution,
    AddCategory,
    Holidays,
    HolidaysHint,
    Year,
    AddHoliday,
    Date,
    CorrectFirst,
    SubDispose,
    InstitutionOptional,
    Channel,
    Order,
    OldestFirst,
    NewestFirst,
    OverdueOnly,
    OverdueOnlyHelp,
    CompletedDispositions,
    DeclinedDispositions,
    NothingYet,
    ReplyPhoto,
    ChosenPlace,
    ZoomIn,
    ZoomOut,
    PinCentre,
    MyLocation,
    PickOnMap,
    MapOfReport,
    MapOfFeed,
    NoPin,
    RemovePin,
    Coordinates,
    PublicPhotos,
    PublicPhotosHelp,
    Supporters,
    Photos,
    UnitResponses,
    InNumbers,
    Received,
    ResolvedCount,
    ByDistrict,
    DisposeDue,
    Category,
    DistrictShort,
    Progress,
    StepFiled,
    StepVerified,
    StepDisposed,
    StepActed,
    StepFinished,
    OutOf,
    ByLatest,
    DisposeMore,
    Rating1,
    Rating2,
    Rating3,
    Rating4,
    Rating5,
    DisputeReason,
    ConfirmRoleChange,
    ConfirmDeactivate,
    ConfirmActivate,
    ThisIsYou,
    Save,
    VerifiedWaiting,
    ApiKeys,
    ApiKeysHint,
    AddApiKey,
    KeyAccount,
    Scopes,
    KeyInstitution,
    ValidThrough,
    SecretOnce,
    WebhookSecretOnce,
    WebhookAccount,
    TechnicalDetail,
    ReporterVerdict,
    NationalComplaint,
    ChooseRating,
    WaitingToSend,
    UnitNeeded,
    ConfirmDeactivateInstitution,
    ConfirmActivateInstitution,
    ConfirmRemoveHoliday,
    QuestionFromCoordinator,
    AnswerBelow,
    SyncedAt,
    Copy,
    Copied,
    Revoke,
    RevokedAt,
    LastUsed,
    NeverUsed,
    ConfirmRevoke,
    FiledThrough,
    Webhooks,
    WebhooksHint,
    AddWebhook,
    WebhookUrl,
    WebhookKinds,
    AllKinds,
    WebhookOn,
    WebhookOff,
    WebhookGone,
    WebhookFailing,
    FailingSince,
    TurnOff,
    TurnOn,
    RotateSecret,
    ConfirmRotate,
    ConfirmDeleteWebhook,
    Deliveries,
    NoDeliveries,
    Delivered,
    NextAttempt,
    Attempts,
    Redeliver,
    Refresh,
    MenuButton,
    UnreadCount,
    DisputedPublic,
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
            SessionEnded => (
                "Sesi Anda telah berakhir. Masuk lagi untuk melanjutkan.",
                "Your session has ended. Sign in again to go on.",
            ),
            Home => ("Beranda", "Home"),
            PageNotFound => ("Halaman tidak ditemukan.", "Page not found."),
            PageNotLoaded => (
                "Halaman ini belum dapat dimuat. Periksa sambungan internet Anda.",
                "This page could not be loaded. Check your internet connection.",
            ),
            TryAgain => ("Coba lagi", "Try again"),
            LoadMore => ("Muat lebih banyak", "Load more"),
            Required => ("Wajib diisi.", "Required."),
            NotSaved => ("Tidak disimpan —", "Not saved —"),
            RequiredMarked => (
                "Kolom bertanda * wajib diisi.",
                "Fields marked * are required.",
            ),
            Offline => (
                "Server tidak dapat dihubungi. Periksa koneksi Anda dan coba lagi.",
                "The server cannot be reached. Check your connection and try again.",
            ),
            SkipToContent => ("Langsung ke isi", "Skip to content"),
            Register => ("Daftar", "Register"),
            RegisterHeading => ("Daftar akun LAPOR!", "Create a LAPOR! account"),
            LinkSentTo => ("Kami mengirim tautan ke", "We sent a link to"),
            OpenTheLink => (
                "Buka tautan itu dalam 24 jam untuk menyelesaikan pendaftaran.",
                "Open it within 24 hours to finish registering.",
            ),
            ConfirmHeading => ("Selesaikan pendaftaran", "Finish registering"),
            ConfirmHint => (
                "Masukkan kata sandi yang Anda pilih saat mendaftar.",
                "Enter the password you chose when registering.",
            ),
            Finish => ("Selesaikan", "Finish"),
            LinkInvalid => (
                "Tautan ini tidak dikenal, sudah dipakai, atau kedaluwarsa. Mintalah yang baru.",
                "This link is unknown, used or expired. Ask for a new one.",
            ),
            NotThePasswordChosen => (
                "Itu bukan kata sandi yang dipilih saat mendaftar.",
                "That is not the password chosen when registering.",
            ),
            ForgotPassword => ("Lupa kata sandi?", "Forgot your password?"),
            ForgotHeading => ("Minta kata sandi baru", "Ask for a new password"),
            ForgotHint => (
                "Kami kirim tautan ke alamat email akun Anda.",
                "We will email a link to your account's address.",
            ),
            SendLink => ("Kirim tautan", "Send the link"),
            ResetLinkSent => (
                "Jika alamat ini punya akun, tautan sudah dikirim ke sana. Tautan berlaku satu jam.",
                "If this address has an account, a link is on its way. It works for an hour.",
            ),
            NoEmailHere => (
                "Server ini tidak mengirim email: mintalah admin mengatur kata sandi baru.",
                "This server sends no email: ask an administrator to set a new password.",
            ),
            NewPasswordHeading => ("Pilih kata sandi baru", "Choose a new password"),
            NewPassword => ("Kata sandi baru", "New password"),
            PasswordChanged => (
                "Kata sandi sudah diganti. Masuk dengan kata sandi baru.",
                "Your password is changed. Sign in with the new one.",
            ),
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
            All => ("— semua —", "— all —"),
            NoUnit => ("— tanpa unit —", "— no unit —"),
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
            NotFound => (
                "Tidak ditemukan, atau bukan untuk Anda lihat.",
                "Not found, or not yours to see.",
            ),
            VerifyDue => ("Batas verifikasi", "Verification due"),
            ResolveDue => ("Batas penyelesaian", "Resolution due"),
            FeedbackDue => ("Batas tanggapan pelapor", "Reporter's reply due"),
            ResponseDue => ("Batas tanggapan pertama", "First response due"),
            Reporter => ("Pelapor", "Reporter"),
            Attachments => ("Lampiran", "Attachments"),
            Coordinate => ("Verifikasi dan disposisi", "Verify and dispose"),
            Verify => ("Verifikasi", "Verify"),
            Hold => ("Tunda dan tanya pelapor", "Hold and ask the reporter"),
            QuestionToReporter => ("Pertanyaan untuk pelapor", "Question to the reporter"),
            Archive => ("Arsipkan", "Archive"),
            Reason => ("Alasan", "Reason"),
            Note => ("Catatan", "Note"),
            DuplicateOf => (
                "Nomor (id) laporan aslinya",
                "The original report's number (id)",
            ),
            ChooseReason => ("Pilih alasannya.", "Choose the reason."),
            DisposeTo => ("Teruskan ke instansi", "Send to institutions"),
            Instruction => ("Instruksi untuk instansi", "Instruction to the institution"),
            ChooseInstitution => (
                "Pilih paling sedikit satu instansi.",
                "Choose at least one institution.",
            ),
            Dispose => ("Teruskan (disposisi)", "Dispose"),
            Dispositions => ("Disposisi", "Dispositions"),
            DeclineReason => ("Alasan bukan wewenang", "Why it is not our authority"),
            Resolution => ("Hasil tindak lanjut", "Resolution"),
            AcceptDisposition => ("Terima disposisi", "Accept the disposition"),
            Complete => ("Selesaikan", "Complete"),
            Decline => ("Bukan wewenang kami", "Not our authority"),
            FeedbackHeading => (
                "Tanggapan Anda atas penyelesaian",
                "Your verdict on the resolution",
            ),
            YourVerdict => ("Apakah masalahnya selesai?", "Is the problem solved?"),
            Accept => ("Ya, saya terima", "Yes, I accept"),
            Dispute => ("Belum, saya bantah", "No, I dispute it"),
            Rating => ("Penilaian Anda", "Your rating"),
            CommentOptional => ("Komentar (tidak wajib)", "Comment (optional)"),
            ChooseVerdict => ("Pilih jawaban Anda.", "Choose your answer."),
            ChooseRating => (
                "Pilih penilaian 1–5 bintang.",
                "Choose a rating of 1–5 stars.",
            ),
            SendVerdict => ("Kirim tanggapan", "Send the verdict"),
            Thread => ("Tindak lanjut", "Follow-ups"),
            NoFollowups => ("Belum ada tindak lanjut.", "No follow-ups yet."),
            FollowupKind => ("Jenis", "Kind"),
            Message => ("Pesan", "Message"),
            Reply => ("Balasan Anda", "Your reply"),
            NoteHint => (
                "Catatan internal hanya terlihat oleh petugas, tidak oleh pelapor atau publik.",
                "An internal note is seen by officers only, never by the reporter or the public.",
            ),
            SendFollowup => ("Kirim", "Send"),
            MyReports => ("Laporan saya", "My reports"),
            NoReportsYet => (
                "Anda belum membuat laporan.",
                "You have not filed a report yet.",
            ),
            Queue => ("Antrian verifikasi", "Verification queue"),
            QueueEmpty => (
                "Tidak ada laporan yang menunggu verifikasi.",
                "No report is waiting for verification.",
            ),
            OnHoldHeading => (
                "Ditunda, menunggu jawaban pelapor",
                "On hold, waiting for the reporter",
            ),
            NothingOnHold => ("Tidak ada laporan yang ditunda.", "No report is on hold."),
            Inbox => ("Kotak masuk disposisi", "Disposition inbox"),
            NewDispositions => ("Baru", "New"),
            AcceptedDispositions => ("Sedang dikerjakan", "Being handled"),
            InboxEmpty => ("Tidak ada disposisi di sini.", "No dispositions here."),
            Dashboard => ("Dasbor", "Dashboard"),
            DashboardHint => (
                "Angka dari laporan dalam wewenang Anda; ringkasan diperbarui tiap putaran tugas latar (paling lama satu menit).",
                "Figures of the reports in your scope; the summary is updated every background round (a minute at most).",
            ),
            NoCategory => ("Tanpa kategori", "No category"),
            Total => ("Laporan", "Reports"),
            FollowedUpRate => ("Ditindaklanjuti", "Followed up"),
            FinishedRate => ("Selesai", "Finished"),
            AnsweredOnTime => ("Ditanggapi tepat waktu", "Answered on time"),
            ResolvedOnTime => ("Selesai tepat waktu", "Resolved on time"),
            ReportsFiled => ("Laporan masuk", "Reports filed"),
            ReportsFinished => ("Laporan selesai", "Reports finished"),
            OverdueRate => ("Pernah terlambat", "Ever overdue"),
            AverageRating => ("Rata-rata penilaian", "Average rating"),
            ByStatus => ("Menurut status", "By status"),
            ByKind => ("Menurut jenis", "By kind"),
            ByCategory => ("Menurut kategori", "By category"),
            ByUnit => ("Disposisi per instansi", "Dispositions per unit"),
            TrendHeading => ("Tren 12 minggu terakhir", "The last 12 weeks"),
            LeagueHeading => ("Kinerja instansi", "Units' performance"),
            NoData => ("Belum ada data.", "No data yet."),
            Finished => ("selesai", "finished"),
            Overdue => ("terlambat", "overdue"),
            Unit => ("Instansi", "Unit"),
            RespondedRate => ("Ditanggapi", "Responded"),
            CompletedRate => ("Diselesaikan", "Completed"),
            Notifications => ("Notifikasi", "Notifications"),
            MarkAllRead => ("Tandai semua sudah dibaca", "Mark all as read"),
            NoNotifications => ("Tidak ada notifikasi.", "No notifications."),
            Unread => ("Belum dibaca:", "Unread:"),
            AttachmentsOptional => (
                "Lampiran: foto, PDF atau video (tidak wajib)",
                "Attachments: photos, PDF or video (optional)",
            ),
            AttachmentsHint => ("Paling besar 10 MB per berkas.", "At most 10 MB per file."),
            TooLarge => (
                "terlalu besar (paling besar 10 MB)",
                "too large (10 MB at most)",
            ),
            NotAPhoto => (
                "bukan foto (JPEG, PNG, WebP atau GIF)",
                "not a photo (JPEG, PNG, WebP or GIF)",
            ),
            UploadFailed => (
                "Lampiran ini tidak terkirim:",
                "This attachment was not sent:",
            ),
            Remove => ("Hapus", "Remove"),
            FeedHeading => ("Laporan publik", "Public reports"),
            SearchWords => ("Cari kata", "Search words"),
            Search => ("Cari", "Search"),
            NothingFound => ("Tidak ada laporan yang cocok.", "No report matches."),
            SignInToSupport => (
                "Masuk dulu untuk mendukung laporan.",
                "Sign in to support a report.",
            ),
            Support => ("Dukung", "Support"),
            Administration => ("Administrasi", "Administration"),
            Institutions => ("Instansi", "Institutions"),
            Inactive => ("Nonaktif", "Inactive"),
            Deactivate => ("Nonaktifkan", "Deactivate"),
            Activate => ("Aktifkan", "Activate"),
            AddInstitution => ("Tambah instansi", "Add an institution"),
            Code => ("Kode", "Code"),
            InstitutionKind => ("Jenis instansi", "Kind of institution"),
            Parent => ("Induk", "Parent"),
            RegionCodeOptional => (
                "Kode wilayah layanan, mis. 36.03 (tidak wajib)",
                "Region served, e.g. 36.03 (optional)",
            ),
            Add => ("Tambah", "Add"),
            Users => ("Pengguna", "Users"),
            AddUser => ("Tambah pengguna", "Add a user"),
            Role => ("Peran", "Role"),
            Categories => ("Kategori", "Categories"),
            CategoriesHint => (
                "Laporan berkategori yang tidak menyebut instansi diteruskan ke instansi bawaan kategorinya; pilihan baru langsung disimpan.",
                "Reports of a category that name no institution go to its default institution; a new choice is saved at once.",
            ),
            DefaultInstitution => ("Instansi bawaan", "Default institution"),
            AddCategory => ("Tambah kategori", "Add a category"),
            Holidays => ("Hari libur", "Holidays"),
            HolidaysHint => (
                "Hari libur nasional dan cuti bersama tidak dihitung sebagai hari kerja dalam batas waktu.",
                "Holidays and collective leave do not count as working days in deadlines.",
            ),
            Year => ("Tahun", "Year"),
            AddHoliday => ("Tambah hari libur", "Add a holiday"),
            ApiKeys => ("Kunci API", "API keys"),
            ApiKeysHint => (
                "Kunci untuk sistem lain (kanal WhatsApp, pusat panggilan, gudang data) yang memakai API atas nama akun integrasi. Kunci hanya ditampilkan sekali saat dibuat.",
                "Keys for other systems (a WhatsApp channel, a call centre, a data warehouse) that use the API as an integrator account. A key is shown only once, when it is created.",
            ),
            AddApiKey => ("Buat kunci API", "Create an API key"),
            KeyAccount => ("Akun integrasi", "Integrator account"),
            Scopes => ("Cakupan", "Scopes"),
            KeyInstitution => (
                "Batasi ke instansi (tidak wajib)",
                "Limit to an institution (optional)",
            ),
            ValidThrough => ("Berlaku sampai (tidak wajib)", "Valid through (optional)"),
            SecretOnce => (
                "Salin kunci ini sekarang dan simpan di sistem yang memakainya: kunci tidak akan ditampilkan lagi.",
                "Copy this key now into the system that uses it: it will not be shown again.",
            ),
            WebhookSecretOnce => (
                "Salin rahasia penandatangan ini sekarang ke sistem penerima (untuk memeriksa tanda tangan): rahasia ini tidak akan ditampilkan lagi.",
                "Copy this signing secret now into the receiving system (to verify signatures): it will not be shown again.",
            ),
            WebhookAccount => (
                "Akun yang diikuti (webhook melihat laporan seperti akun ini)",
                "Account followed (the webhook sees reports as this account does)",
            ),
            TechnicalDetail => ("Rincian teknis", "Technical detail"),
            ReporterVerdict => ("Tanggapan pelapor", "The reporter's verdict"),
            NationalComplaint => (
                "Pengaduan di LAPOR! nasional",
                "Complaint on the national LAPOR!",
            ),
            SyncedAt => ("disinkronkan", "synced"),
            WaitingToSend => ("Menunggu dikirim", "Waiting to be sent"),
            UnitNeeded => (
                "Pilih unit untuk peran ini.",
                "Choose a unit for this role.",
            ),
            QuestionFromCoordinator => {
                ("Pertanyaan dari koordinator", "The coordinator's question")
            }
            AnswerBelow => (
                "Laporan ditunda sampai Anda menjawab: tulis jawaban di \"Balasan Anda\" di bawah.",
                "The report waits for your answer: write it in \"Your reply\" below.",
            ),
            Copy => ("Salin", "Copy"),
            FiledThrough => ("Dikirim melalui", "Filed through"),
            Copied => ("Tersalin", "Copied"),
            Revoke => ("Cabut", "Revoke"),
            Webhooks => ("Webhook", "Webhooks"),
            WebhooksHint => (
                "Alamat sistem lain yang dikirimi setiap perubahan laporan yang boleh dilihat akunnya, bertanda tangan (Standard Webhooks), diulang bila gagal. Rahasia penandatangan hanya ditampilkan sekali.",
                "Addresses of other systems that are sent every change of the reports their account may see, signed (Standard Webhooks), retried on failure. The signing secret is shown only once.",
            ),
            AddWebhook => ("Buat webhook", "Create a webhook"),
            WebhookUrl => ("Alamat (URL) penerima", "Receiver URL"),
            WebhookKinds => (
                "Jenis perubahan (tidak dipilih: semua)",
                "Kinds of change (none chosen: all)",
            ),
            AllKinds => ("Semua jenis perubahan", "Every kind of change"),
            WebhookOn => ("Aktif", "Active"),
            WebhookOff => ("Dimatikan", "Turned off"),
            WebhookGone => (
                "Dimatikan: penerima menjawab 410 Gone",
                "Turned off: the receiver answered 410 Gone",
            ),
            WebhookFailing => (
                "Dimatikan: gagal selama tiga hari",
                "Turned off: failing for three days",
            ),
            FailingSince => ("Gagal sejak", "Failing since"),
            TurnOff => ("Matikan", "Turn off"),
            TurnOn => ("Aktifkan", "Turn on"),
            RotateSecret => ("Ganti rahasia", "Rotate the secret"),
            ConfirmRotate => (
                "Buat rahasia baru? Rahasia lama tetap menandatangani selama sehari.",
                "Make a new secret? The old one keeps signing for a day.",
            ),
            ConfirmDeleteWebhook => (
                "Hapus webhook ini beserta riwayat pengirimannya?",
                "Delete this webhook and its deliveries?",
            ),
            Deliveries => ("Pengiriman", "Deliveries"),
            NoDeliveries => ("Belum ada pengiriman.", "No deliveries yet."),
            Delivered => ("Terkirim", "Delivered"),
            NextAttempt => ("Dicoba lagi", "Next attempt"),
            Attempts => ("percobaan", "attempts"),
            Redeliver => ("Kirim ulang", "Send again"),
            Refresh => ("Muat ulang", "Refresh"),
            MenuButton => ("Menu", "Menu"),
            DisputedPublic => (
                "Pelapor menyatakan masalahnya belum selesai; laporan dibuka kembali",
                "The reporter said the problem was not solved; the report was reopened",
            ),
            UnreadCount => ("notifikasi belum dibaca", "unread notifications"),
            RevokedAt => ("Dicabut", "Revoked"),
            LastUsed => ("Terakhir dipakai", "Last used"),
            NeverUsed => ("Belum pernah dipakai", "Never used"),
            ConfirmRevoke => (
                "Cabut kunci ini? Sistem yang memakainya langsung ditolak:",
                "Revoke this key? The system using it is refused at once:",
            ),
            Date => ("Tanggal", "Date"),
            SubDispose => ("Teruskan ke sub-unit", "Divide among sub-units"),
            InstitutionOptional => (
                "Instansi yang dituju (tidak wajib)",
                "Institution (optional)",
            ),
            CorrectFirst => (
                "Koreksi dulu (judul, jenis, kategori, anonim, rahasia)",
                "Correct first (title, kind, category, anonymous, confidential)",
            ),
            DisposeDue => ("Batas disposisi", "Disposition due"),
            Category => ("Kategori", "Category"),
            DistrictShort => ("Kec.", "District"),
            Progress => ("Perkembangan laporan", "Progress of the report"),
            StepFiled => ("Dikirim", "Filed"),
            StepVerified => ("Diverifikasi", "Verified"),
            StepDisposed => ("Diteruskan", "Sent on"),
            StepActed => ("Ditindaklanjuti", "Acted on"),
            StepFinished => ("Selesai", "Finished"),
            OutOf => ("dari", "out of"),
            ByLatest => ("paling lambat", "by"),
            DisposeMore => ("Teruskan ke instansi lain", "Send to another institution"),
            Rating1 => ("Sangat buruk", "Very poor"),
            Rating2 => ("Buruk", "Poor"),
            Rating3 => ("Cukup", "Fair"),
            Rating4 => ("Baik", "Good"),
            Rating5 => ("Sangat baik", "Very good"),
            DisputeReason => (
                "Apa yang belum selesai? (wajib)",
                "What is not solved? (required)",
            ),
            ConfirmRoleChange => ("Ubah peran dan unit", "Change the role and unit of"),
            ConfirmDeactivate => ("Nonaktifkan akun", "Deactivate the account of"),
            ConfirmDeactivateInstitution => (
                "Laporan tidak akan diteruskan lagi ke instansi ini. Nonaktifkan",
                "Reports will no longer be routed to this institution. Deactivate",
            ),
            ConfirmActivateInstitution => ("Aktifkan kembali", "Activate again"),
            ConfirmRemoveHoliday => (
                "Batas waktu yang melewati hari ini akan dihitung ulang. Hapus hari libur",
                "Deadlines across this day will be counted again. Remove the holiday",
            ),
            ConfirmActivate => ("Aktifkan kembali akun", "Activate again the account of"),
            ThisIsYou => (
                "Ini akun Anda: peran dan status Anda diubah oleh admin lain.",
                "This is your account: another admin changes your role and status.",
            ),
            Save => ("Simpan", "Save"),
            Channel => ("Saluran", "Channel"),
            Order => ("Urutan", "Order"),
            OldestFirst => ("Terlama dulu", "Oldest first"),
            NewestFirst => ("Terbaru dulu", "Newest first"),
            OverdueOnly => ("Hanya yang terlambat", "Overdue only"),
            OverdueOnlyHelp => (
                "Laporan yang sudah melewati batas waktunya.",
                "Reports past their deadline.",
            ),
            CompletedDispositions => ("Riwayat: selesai", "History: completed"),
            DeclinedDispositions => ("Riwayat: bukan wewenang", "History: declined"),
            NothingYet => ("Belum ada.", "None yet."),
            ReplyPhoto => ("Foto (tidak wajib)", "Photo (optional)"),

            ChosenPlace => ("Tempat yang dipilih", "The place chosen"),
            ZoomIn => ("Perbesar peta", "Zoom in"),
            ZoomOut => ("Perkecil peta", "Zoom out"),
            PinCentre => ("Pin di tengah peta", "Pin the map's centre"),
            MyLocation => ("Lokasi saya", "My location"),
            PickOnMap => (
                "Tandai lokasi di peta (tidak wajib): ketuk peta, atau geser peta lalu pilih \u{201c}Pin di tengah peta\u{201d}.",
                "Mark the place on the map (optional): tap the map, or move it and choose \u{201c}Pin the map's centre\u{201d}.",
            ),
            MapOfReport => ("Peta lokasi laporan", "Map of the report's place"),
            MapOfFeed => ("Peta laporan publik", "Map of the public reports"),
            NoPin => ("Belum ada pin.", "No pin yet."),
            RemovePin => ("Hapus pin", "Remove the pin"),
            Coordinates => ("Koordinat", "Coordinates"),

            PublicPhotos => (
                "Tampilkan foto di halaman publik",
                "Show the photos on the public page",
            ),
            PublicPhotosHelp => (
                "Foto yang Anda lampirkan sekarang boleh dilihat siapa saja di halaman publik laporan (selama laporannya tidak rahasia); foto yang dikirim kemudian bersama balasan tidak. Pastikan tidak ada wajah atau data pribadi di foto.",
                "Anyone may see the photos you attach now on the report's public page (while the report is not confidential); photos sent later with a reply are not shown. Make sure no faces or personal data show in them.",
            ),
            Supporters => ("Dukungan", "Supporters"),
            Photos => ("Foto", "Photos"),
            UnitResponses => ("Tanggapan instansi", "Responses of the units"),
            InNumbers => ("LAPOR! dalam angka", "LAPOR! in numbers"),
            Received => ("Laporan diterima", "Reports received"),
            ResolvedCount => ("Laporan selesai", "Reports resolved"),
            ByDistrict => ("Laporan per kecamatan", "Reports by district"),

            VerifiedWaiting => (
                "Terverifikasi, menunggu disposisi",
                "Verified, awaiting disposition",
            ),
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

/// What an error answer's `code` means, in words: every code the API can give (the compiler
/// holds this match to the list; a test holds the list to the spec).
pub fn problem(code: ErrorCode, lang: Lang) -> &'static str {
    use ErrorCode::*;
    let (id, en) = match code {
        ValidationFailed => (
            "Ada isian yang perlu diperbaiki.",
            "Some fields need fixing.",
        ),
        MalformedJson | BadBody | BadMultipart | BadRequest | InvalidPath => (
            "Permintaan tidak dapat dibaca. Muat ulang halaman lalu coba lagi.",
            "The request could not be read. Reload the page and try again.",
        ),
        Unauthenticated => ("Silakan masuk terlebih dahulu.", "Please sign in first."),
        InvalidToken | TokenExpired | InvalidRefreshToken | RefreshTokenReused => (
            "Sesi Anda telah berakhir. Silakan masuk kembali.",
            "Your session has ended. Please sign in again.",
        ),
        InvalidCredentials => ("Email atau kata sandi salah.", "Wrong email or password."),
        Forbidden => (
            "Anda tidak berwenang melakukan ini.",
            "You are not allowed to do this.",
        ),
        InsufficientScope => (
            "Kunci API ini tidak mencakup tindakan tersebut.",
            "This API key does not cover that action.",
        ),
        NotFound => ("Tidak ditemukan.", "Not found."),
        InvalidLink => (
            "Tautan ini tidak berlaku lagi (sudah dipakai atau kedaluwarsa). Minta tautan baru.",
            "This link no longer works (used or expired). Ask for a new one.",
        ),
        MethodNotAllowed => (
            "Tindakan ini tidak tersedia.",
            "This action is not available.",
        ),
        EmailTaken => (
            "Email ini sudah terdaftar.",
            "This email is already registered.",
        ),
        CodeTaken => ("Kode ini sudah dipakai.", "This code is already in use."),
        NameTaken => ("Nama ini sudah dipakai.", "This name is already in use."),
        HolidayExists => (
            "Tanggal itu sudah menjadi hari libur.",
            "That date already is a holiday.",
        ),
        AlreadyDisposed => (
            "Laporan sudah diteruskan ke instansi itu.",
            "The report was already sent to that institution.",
        ),
        AlreadySupported => (
            "Anda sudah mendukung laporan ini.",
            "You already support this report.",
        ),
        AlreadyExists => (
            "Data yang sama sudah ada.",
            "The same record already exists.",
        ),
        AlreadyExtended => (
            "Batas waktu ini sudah pernah diperpanjang.",
            "This deadline was already extended.",
        ),
        RotationPending => (
            "Rahasia baru saja diganti; rahasia lama masih berlaku sampai besok. Coba lagi setelah itu.",
            "The secret was just rotated; the old one is still valid until tomorrow. Try again after that.",
        ),
        BuiltIn => (
            "Bawaan sistem; tidak dapat diubah.",
            "Built in; it cannot be changed.",
        ),
        ConcurrentUpdate | VersionConflict => (
            "Orang lain baru saja mengubahnya. Muat ulang halaman lalu coba lagi.",
            "Someone changed it meanwhile. Reload the page and try again.",
        ),
        IllegalTransition => (
            "Status laporan sudah berubah; tindakan ini tidak dapat dilakukan sekarang. Muat ulang halaman.",
            "The report's status has changed; this cannot be done now. Reload the page.",
        ),
        NotVerified => (
            "Laporan belum diverifikasi.",
            "The report is not verified yet.",
        ),
        ParentNotAccepted => (
            "Disposisi induk belum diterima.",
            "The parent disposition is not accepted yet.",
        ),
        ReportClosed => ("Laporan sudah ditutup.", "The report is closed."),
        AttachmentQuota => (
            "Laporan ini sudah memuat lampiran sebanyak yang diizinkan.",
            "This report holds as many attachments as it may.",
        ),
        IdempotencyKeyReused | InvalidIdempotencyKey | InvalidIfMatch => (
            "Permintaan bertabrakan dengan kiriman sebelumnya. Muat ulang halaman.",
            "The request clashes with an earlier one. Reload the page.",
        ),
        PayloadTooLarge => ("Kiriman terlalu besar.", "What was sent is too large."),
        UnsupportedMediaType => (
            "Jenis berkas ini tidak diterima (foto JPEG, PNG, WebP, GIF; PDF; video MP4, MOV atau WebM).",
            "This kind of file is not accepted (JPEG, PNG, WebP or GIF photos; PDF; MP4, MOV or WebM video).",
        ),
        RateLimited => (
            "Terlalu banyak percobaan. Tunggu sebentar, lalu coba lagi.",
            "Too many attempts. Wait a while, then try again.",
        ),
        InternalError => (
            "Terjadi kesalahan di server. Coba lagi nanti.",
            "Something went wrong on the server. Try again later.",
        ),
        DatabaseUnavailable | Busy => (
            "Server sedang sibuk. Coba lagi sebentar lagi.",
            "The server is busy. Try again shortly.",
        ),
        NoEmail => (
            "Server ini tidak mengirim email. Minta admin mengatur kata sandi baru.",
            "This server sends no email. Ask an admin to set a new password.",
        ),
    };
    if lang == Lang::Id { id } else { en }
}

/// A report's status as shown: a verified report waiting for its disposition says so (its
/// status is still `submitted`).
pub fn report_status(s: ReportStatus, verified: bool, lang: Lang) -> &'static str {
    if s == ReportStatus::Submitted && verified {
        Msg::VerifiedWaiting.text(lang)
    } else {
        status(s, lang)
    }
}

/// Why a webhook's attempt failed, in words (with the receiver's status when it answered).
pub fn attempt_failure(f: AttemptFailure, status: Option<i32>, lang: Lang) -> String {
    let (id, en) = match f {
        AttemptFailure::HttpStatus => ("Penerima menolak: HTTP", "The receiver refused: HTTP"),
        AttemptFailure::TimedOut => (
            "Penerima tidak menjawab dalam 15 detik",
            "The receiver did not answer within 15 seconds",
        ),
        AttemptFailure::Unreachable => (
            "Penerima tidak dapat dihubungi",
            "The receiver could not be reached",
        ),
        AttemptFailure::RefusedAddress => (
            "Alamat penerima tidak boleh dipanggil (jaringan internal)",
            "The receiver's address may not be called (an internal network)",
        ),
        AttemptFailure::Certificate => (
            "Sertifikat TLS penerima ditolak",
            "The receiver's TLS certificate was refused",
        ),
        AttemptFailure::Failed => ("Pengiriman gagal", "The request failed"),
    };
    let words = if lang == Lang::Id { id } else { en };
    match status {
        Some(status) if f == AttemptFailure::HttpStatus => format!("{words} {status}"),
        _ => words.to_owned(),
    }
}

/// How a report reached lapor, in words.
pub fn channel(c: Channel, lang: Lang) -> &'static str {
    let (id, en) = match c {
        Channel::Web => ("Situs web", "Web"),
        Channel::Mobile => ("Aplikasi ponsel", "Mobile app"),
        Channel::Sms => ("SMS", "SMS"),
        Channel::Whatsapp => ("WhatsApp", "WhatsApp"),
        Channel::Phone => ("Telepon", "Phone"),
        Channel::Email => ("Surel", "Email"),
        Channel::Social => ("Media sosial", "Social media"),
        Channel::WalkIn => ("Datang langsung", "Walk-in"),
        Channel::Api => ("Sistem lain (API)", "Another system (API)"),
        Channel::NationalSync => ("LAPOR! nasional", "National LAPOR!"),
    };
    if lang == Lang::Id { id } else { en }
}

/// A choice's options from wire values: each value's wire name and its words.
pub fn options<T: Copy>(
    values: &[T],
    wire: impl Fn(T) -> &'static str,
    words: impl Fn(T, Lang) -> &'static str,
    lang: Lang,
) -> Vec<(String, String)> {
    values
        .iter()
        .map(|&v| (wire(v).to_owned(), words(v, lang).to_owned()))
        .collect()
}

/// Roles as a choice's options.
pub fn role_options(roles: &[Role], lang: Lang) -> Vec<(String, String)> {
    options(roles, Role::as_str, role, lang)
}

/// The report kinds as a choice's options.
pub fn kind_options(lang: Lang) -> Vec<(String, String)> {
    options(ReportKind::ALL, ReportKind::as_str, kind, lang)
}

pub fn kind(k: ReportKind, lang: Lang) -> &'static str {
    let (id, en) = match k {
        ReportKind::Complaint => ("Pengaduan", "Complaint"),
        ReportKind::Aspiration => ("Aspirasi", "Aspiration"),
        ReportKind::InformationRequest => ("Permintaan informasi", "Information request"),
    };
    if lang == Lang::Id { id } else { en }
}

pub fn archive_reason(r: ArchiveReason, lang: Lang) -> &'static str {
    let (id, en) = match r {
        ArchiveReason::NotPublicService => {
            ("Bukan pelayanan publik", "Not a public service matter")
        }
        ArchiveReason::TooGeneral => ("Terlalu umum", "Too general"),
        ArchiveReason::Duplicate => ("Duplikat laporan lain", "Duplicate of another report"),
        ArchiveReason::Spam => ("Spam", "Spam"),
        ArchiveReason::Incomplete => ("Tidak lengkap", "Incomplete"),
    };
    if lang == Lang::Id { id } else { en }
}

pub fn disposition(s: DispositionStatus, lang: Lang) -> &'static str {
    let (id, en) = match s {
        DispositionStatus::Pending => ("Menunggu diterima", "Waiting to be accepted"),
        DispositionStatus::Accepted => ("Dikerjakan", "Being handled"),
        DispositionStatus::Declined => ("Bukan wewenang", "Declined"),
        DispositionStatus::Completed => ("Selesai", "Completed"),
        DispositionStatus::Recalled => ("Ditarik", "Recalled"),
    };
    if lang == Lang::Id { id } else { en }
}

/// What kind of entry of the thread it is — an internal note says so plainly.
pub fn followup(k: FollowupKind, lang: Lang) -> &'static str {
    let (id, en) = match k {
        FollowupKind::Response => ("Tanggapan instansi", "Response"),
        FollowupKind::Note => (
            "Catatan internal (tidak terlihat pelapor)",
            "Internal note (not seen by the reporter)",
        ),
        FollowupKind::InfoRequest => ("Pertanyaan untuk pelapor", "Question to the reporter"),
        FollowupKind::Reply => ("Balasan pelapor", "Reporter's reply"),
    };
    if lang == Lang::Id { id } else { en }
}

pub fn role(r: Role, lang: Lang) -> &'static str {
    let (id, en) = match r {
        Role::Reporter => ("Pelapor", "Reporter"),
        Role::Coordinator => ("Koordinator", "Coordinator"),
        Role::Liaison => ("Penghubung instansi", "Liaison"),
        Role::Supervisor => ("Pengawas", "Supervisor"),
        Role::Admin => ("Admin", "Admin"),
        Role::Integrator => ("Integrasi sistem", "Integrator"),
    };
    if lang == Lang::Id { id } else { en }
}

/// What an API key's scope allows, in words.
pub fn scope(s: ApiScope, lang: Lang) -> &'static str {
    let (id, en) = match s {
        ApiScope::ReportsRead => ("Membaca laporan", "Read reports"),
        ApiScope::ReportsWrite => (
            "Mengirim dan menindaklanjuti laporan",
            "File and act on reports",
        ),
        ApiScope::ChangesRead => ("Mengikuti perubahan", "Follow changes"),
        ApiScope::WebhooksManage => ("Mengatur webhook", "Manage webhooks"),
    };
    if lang == Lang::Id { id } else { en }
}

pub fn institution_kind(k: InstitutionKind, lang: Lang) -> &'static str {
    let (id, en) = match k {
        InstitutionKind::National => ("Nasional", "National"),
        InstitutionKind::Ministry => ("Kementerian", "Ministry"),
        InstitutionKind::Agency => ("Lembaga", "Agency"),
        InstitutionKind::RegionalGovernment => ("Pemerintah daerah", "Regional government"),
        InstitutionKind::Unit => ("Unit / OPD", "Unit"),
    };
    if lang == Lang::Id { id } else { en }
}

/// What happened to a report (a timeline step, a notification), in words.
pub fn action(kind: EventKind, lang: Lang) -> &'static str {
    use EventKind as E;
    let (id, en) = match kind {
        E::NationalFollowup => (
            "Tindak lanjut di LAPOR! nasional",
            "Follow-up on the national LAPOR!",
        ),
        E::NationalStatus => (
            "Status di LAPOR! nasional berubah",
            "Status changed on the national LAPOR!",
        ),
        E::Submitted => ("Laporan dikirim", "Report filed"),
        E::Verified => ("Diverifikasi", "Verified"),
        E::Held => ("Ditunda", "Put on hold"),
        E::Archived => ("Diarsipkan", "Archived"),
        E::Disposed => ("Diteruskan ke instansi", "Sent to an institution"),
        E::Resolved => ("Selesai ditindaklanjuti", "Resolved"),
        E::Accepted => ("Diterima pelapor", "Accepted by the reporter"),
        E::Disputed => ("Dibantah pelapor", "Disputed by the reporter"),
        E::AutoClosed => ("Ditutup otomatis", "Closed automatically"),
        E::Returned => ("Dikembalikan ke koordinator", "Returned to the coordinator"),
        E::DispositionAccepted => ("Disposisi diterima instansi", "Disposition accepted"),
        E::DispositionDeclined => ("Bukan wewenang instansi", "Declined by the unit"),
        E::DispositionCompleted => ("Instansi menyelesaikan", "Completed by the unit"),
        E::DispositionRecalled => ("Disposisi ditarik", "Disposition recalled"),
        E::FollowupResponse => ("Tanggapan instansi", "The institution responded"),
        E::FollowupNote => ("Catatan internal", "Internal note"),
        E::FollowupInfoRequest => ("Petugas bertanya", "An officer asked"),
        E::FollowupReply => ("Pelapor membalas", "The reporter replied"),
        E::AttachmentAdded => ("Lampiran ditambahkan", "Attachment added"),
        E::DeadlineApproaching => ("Batas waktu mendekat", "Deadline approaching"),
        E::DeadlinePassed => ("Batas waktu terlewati", "Deadline passed"),
        E::DeadlineExtended => ("Batas waktu diperpanjang", "Deadline extended"),
        E::InvestigationFlagged => ("Perlu investigasi", "Needs investigation"),
        E::InvestigationCleared => ("Tidak perlu investigasi", "Investigation cleared"),
    };
    if lang == Lang::Id { id } else { en }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes the served spec lists (its `ErrorCode` schema): each is one the app knows —
    /// and so translates, the match in `problem` being exhaustive — in words of its own.
    #[test]
    fn every_error_code_of_the_spec_is_translated() {
        let spec = include_str!("../../openapi.yaml");
        let schema = spec
            .find("\n    ErrorCode:\n")
            .expect("the spec has ErrorCode");
        let codes: Vec<&str> = spec[schema..]
            .lines()
            .skip_while(|l| l.trim() != "enum:")
            .skip(1)
            .map_while(|l| l.trim().strip_prefix("- "))
            .collect();
        assert!(codes.len() >= 40, "{codes:?}");
        for code in codes {
            let known = ErrorCode::parse(code).unwrap_or_else(|| panic!("untranslated: {code}"));
            let (id, en) = (problem(known, Lang::Id), problem(known, Lang::En));
            assert!(!id.is_empty() && id != en, "{code}: {id} / {en}");
        }
    }

    /// Every reason a webhook's attempt fails, in words of each language; a refusing
    /// receiver's status is told.
    #[test]
    fn attempt_failures_are_worded() {
        for f in AttemptFailure::ALL {
            let (id, en) = (
                attempt_failure(*f, None, Lang::Id),
                attempt_failure(*f, None, Lang::En),
            );
            assert!(!id.is_empty() && id != en, "{f:?}: {id} / {en}");
        }
        assert_eq!(
            attempt_failure(AttemptFailure::HttpStatus, Some(503), Lang::Id),
            "Penerima menolak: HTTP 503"
        );
    }

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
        assert_eq!(
            action(EventKind::FollowupNote, Lang::Id),
            "Catatan internal"
        );
    }
}
