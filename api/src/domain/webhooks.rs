//! The rules of webhook delivery (docs/INTEGRATION.md, Webhooks): which addresses lapor may
//! call, when a failed delivery is tried again, and how a delivery is signed (Standard Webhooks
//! 1.0).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::Duration;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The start of every webhook secret, as Standard Webhooks libraries expect it.
pub const SECRET_PREFIX: &str = "whsec_";

/// How long the previous secret still signs after a rotation.
pub const ROTATION_GRACE: Duration = Duration::days(1);

/// An endpoint whose every attempt failed this long is turned off.
pub const GIVE_UP_AFTER: Duration = Duration::days(3);

/// How long a receiver may take to answer.
pub const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

/// What an address is to the webhook guard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// On the internet: always allowed.
    Public,
    /// Loopback or a private network (lapor's own host, the regency's LAN): only when the
    /// operator allows it (`LAPOR_WEBHOOK_ALLOW_PRIVATE`).
    Private,
    /// Never: link-local (where clouds serve instance metadata and credentials), unspecified,
    /// multicast, broadcast, reserved and documentation ranges.
    Never,
}

/// Classifies an address a webhook would connect to. An IPv6 address that carries an IPv4 one
/// — mapped (`::ffff:a.b.c.d`), compatible (`::a.b.c.d`), translated (`::ffff:0:a.b.c.d`),
/// NAT64 (`64:ff9b::a.b.c.d`) or 6to4 (`2002:aabb:ccdd::`) — is the IPv4 address inside.
pub fn destination(ip: IpAddr) -> Destination {
    match ip {
        IpAddr::V4(v4) => destination_v4(v4),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => destination_v4(v4),
            None => destination_v6(v6),
        },
    }
}

fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let v4 = |hi: u16, lo: u16| {
        let ([a, b], [c, d]) = (hi.to_be_bytes(), lo.to_be_bytes());
        Ipv4Addr::new(a, b, c, d)
    };
    let (mapped, translated) = (
        s[..5] == [0; 5] && s[5] == 0xffff,
        s[..4] == [0; 4] && s[4] == 0xffff && s[5] == 0,
    );
    // `::` and `::1` are IPv6's own unspecified and loopback addresses.
    let compatible = s[..6] == [0; 6] && !ip.is_unspecified() && !ip.is_loopback();
    let nat64 = s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0; 4];
    if mapped || translated || compatible || nat64 {
        Some(v4(s[6], s[7]))
    } else if s[0] == 0x2002 {
        Some(v4(s[1], s[2]))
    } else {
        None
    }
}

/// Cloud platforms' own services outside the link-local range: Alibaba's metadata
/// (100.100.100.200, inside the shared 100.64/10) and Azure's wire server (168.63.129.16).
const PLATFORM: [Ipv4Addr; 2] = [
    Ipv4Addr::new(100, 100, 100, 200),
    Ipv4Addr::new(168, 63, 129, 16),
];

fn destination_v4(ip: Ipv4Addr) -> Destination {
    let [a, b, c, _] = ip.octets();
    if ip.is_link_local()
        || PLATFORM.contains(&ip)
        || ip.is_unspecified()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_documentation()
        || a == 0
        || a >= 240
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b & 0xfe) == 18)
    {
        Destination::Never
    } else if ip.is_loopback() || ip.is_private() || (a == 100 && (b & 0xc0) == 64) {
        Destination::Private
    } else {
        Destination::Public
    }
}

fn destination_v6(ip: Ipv6Addr) -> Destination {
    let first = ip.segments()[0];
    // fd00:ec2::254 serves instance metadata inside the unique-local range; 64:ff9b:1::/48 is
    // a network's own NAT64, reaching whatever it translates to.
    let metadata = ip == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254);
    let local_nat64 = first == 0x64 && ip.segments()[1] == 0xff9b && ip.segments()[2] == 1;
    if ip.is_unspecified()
        || ip.is_multicast()
        || metadata
        || local_nat64
        || (first & 0xffc0) == 0xfe80
        || (first & 0xffc0) == 0xfec0
        || (first == 0x2001 && ip.segments()[1] == 0x0db8)
    {
        Destination::Never
    } else if ip.is_loopback() || (first & 0xfe00) == 0xfc00 {
        Destination::Private
    } else {
        Destination::Public
    }
}

/// Whether lapor may connect to `ip`.
pub fn may_call(ip: IpAddr, allow_private: bool) -> bool {
    match destination(ip) {
        Destination::Public => true,
        Destination::Private => allow_private,
        Destination::Never => false,
    }
}

/// The wait after the `step`-th failure of the schedule (1: the first), on the Standard
/// Webhooks schedule — 5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h — stretched or shrunk by
/// `jitter` (a factor near 1, so endpoints that failed together are not retried together).
pub fn backoff(step: i32, jitter: f64) -> Duration {
    let base = match step {
        ..=1 => Duration::seconds(5),
        2 => Duration::minutes(5),
        3 => Duration::minutes(30),
        4 => Duration::hours(2),
        5 => Duration::hours(5),
        _ => Duration::hours(10),
    };
    let millis = (base.num_milliseconds() as f64 * jitter.clamp(0.5, 1.5)) as i64;
    Duration::milliseconds(millis)
}

/// The wait a receiver asked for with `Retry-After`: its own word on when it is ready, taken
/// between 5 s (no faster than the schedule's first step, so an always-busy receiver cannot
/// keep its deliveries always due) and a day. It does not move the schedule on.
pub fn asked_delay(retry_after: Duration) -> Duration {
    retry_after.clamp(Duration::seconds(5), Duration::days(1))
}

/// The `webhook-signature` header: `v1,<signature>` by each secret, space-separated.
pub fn signature(secrets: &[&str], id: &str, timestamp: i64, body: &str) -> String {
    secrets
        .iter()
        .filter_map(|secret| {
            let key = STANDARD
                .decode(secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret))
                .unwrap_or_default();
            // HMAC takes a key of any length: this never skips a secret.
            let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
            mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
            Some(format!(
                "v1,{}",
                STANDARD.encode(mac.finalize().into_bytes())
            ))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A new signing secret: `whsec_` and 32 random bytes in base64.
pub fn new_secret() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{SECRET_PREFIX}{}", STANDARD.encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_guard_tells_public_private_and_forbidden_addresses_apart() {
        for public in ["93.184.216.34", "2606:4700::1111", "8.8.8.8", "100.128.0.1"] {
            assert_eq!(destination(ip(public)), Destination::Public, "{public}");
        }
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "::1",
            "fd12:3456::1",
            "::ffff:127.0.0.1",
            "64:ff9b::a00:1",
            "::127.0.0.1",
            "::7f00:1",
            "::ffff:0:7f00:1",
            "2002:7f00:1::",
        ] {
            assert_eq!(destination(ip(private)), Destination::Private, "{private}");
        }
        for never in [
            "169.254.169.254",
            "0.0.0.0",
            "0.1.2.3",
            "224.0.0.1",
            "255.255.255.255",
            "240.0.0.1",
            "192.0.2.1",
            "198.18.0.1",
            "::",
            "fe80::1",
            "ff02::1",
            "fd00:ec2::254",
            "::ffff:169.254.169.254",
            "2001:db8::1",
            "100.100.100.200",
            "168.63.129.16",
            "64:ff9b:1::a9fe:a9fe",
            "2002:a9fe:a9fe::",
        ] {
            assert_eq!(destination(ip(never)), Destination::Never, "{never}");
        }
        assert!(may_call(ip("127.0.0.1"), true) && !may_call(ip("127.0.0.1"), false));
        assert!(
            !may_call(ip("169.254.169.254"), true),
            "metadata, whatever the setting"
        );
    }

    #[test]
    fn retries_follow_the_schedule_with_jitter_unless_the_receiver_says_when() {
        let plain: Vec<i64> = (1..=8).map(|n| backoff(n, 1.0).num_seconds()).collect();
        assert_eq!(
            plain,
            [5, 300, 1800, 7200, 18000, 36000, 36000, 36000],
            "5 s, 5 min, 30 min, 2 h, 5 h, 10 h, …"
        );
        assert_eq!(backoff(2, 1.1).num_seconds(), 330);
        assert_eq!(backoff(2, 0.9).num_seconds(), 270);
        assert_eq!(asked_delay(Duration::seconds(120)).num_seconds(), 120);
        assert_eq!(
            asked_delay(Duration::seconds(0)).num_seconds(),
            5,
            "not faster"
        );
        assert_eq!(
            asked_delay(Duration::days(30)).num_days(),
            1,
            "at most a day"
        );
    }

    #[test]
    fn signatures_follow_standard_webhooks() {
        // The example of the Standard Webhooks specification's reference libraries.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = r#"{"test": 2432232314}"#;
        assert_eq!(
            signature(&[secret], "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
        let two = signature(&[secret, &new_secret()], "1", 1, "{}");
        assert_eq!(two.split(' ').count(), 2, "one per secret");
        assert!(two.starts_with(&signature(&[secret], "1", 1, "{}")));
    }

    #[test]
    fn secrets_are_prefixed_base64_of_32_bytes() {
        let secret = new_secret();
        let bytes = STANDARD
            .decode(secret.strip_prefix(SECRET_PREFIX).unwrap())
            .unwrap();
        assert_eq!(bytes.len(), 32);
        assert_ne!(secret, new_secret());
    }
}
