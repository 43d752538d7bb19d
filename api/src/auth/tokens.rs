//! Access tokens are short-lived HS256 JWTs; refresh tokens are random strings of which only a
//! SHA-256 is stored.

use crate::error::ApiError;
use base64::Engine;
use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use lapor_types::problem::ErrorCode;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: String,
    /// The session (sign-in) the token belongs to: it stops working when that ends.
    pub sid: String,
    pub iat: i64,
    pub exp: i64,
}

/// Who a valid access token speaks for.
#[derive(Debug, Clone, PartialEq)]
pub struct Access {
    pub user_id: i64,
    pub session: String,
}

#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub access_ttl_secs: i64,
}

impl JwtKeys {
    pub fn new(secret: &[u8], access_ttl_secs: i64) -> JwtKeys {
        // Pinned to HS256: a token naming another algorithm (or `none`) is refused.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        validation.set_required_spec_claims(&["exp", "sub", "sid"]);
        JwtKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            access_ttl_secs,
        }
    }

    pub fn issue(&self, user_id: i64, session: &str) -> Result<String, ApiError> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: user_id.to_string(),
            sid: session.to_owned(),
            iat: now,
            exp: now + self.access_ttl_secs,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(ApiError::internal)
    }

    /// The user and session of a valid token.
    pub fn verify(&self, token: &str) -> Result<Access, ApiError> {
        use jsonwebtoken::errors::ErrorKind;
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => {
                    ApiError::unauthorized(ErrorCode::TokenExpired, "the access token has expired")
                }
                _ => {
                    ApiError::unauthorized(ErrorCode::InvalidToken, "the access token is not valid")
                }
            })?;
        let user_id = data.claims.sub.parse().map_err(|_| {
            ApiError::unauthorized(ErrorCode::InvalidToken, "the access token is not valid")
        })?;
        Ok(Access {
            user_id,
            session: data.claims.sid,
        })
    }
}

/// A new bearer secret (a refresh token, an emailed link's token): 256 random bits, URL-safe.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// How secrets are stored: only their SHA-256, so a copy of the database cannot use them.
pub fn hash_secret(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip() {
        let keys = JwtKeys::new(b"0123456789abcdef0123456789abcdef", 60);
        let token = keys.issue(42, "s1").unwrap();
        let access = keys.verify(&token).unwrap();
        assert_eq!((access.user_id, access.session.as_str()), (42, "s1"));
    }

    #[test]
    fn other_secrets_algorithms_and_expired_tokens_are_refused() {
        let keys = JwtKeys::new(b"0123456789abcdef0123456789abcdef", 60);
        let other = JwtKeys::new(b"another-secret-another-secret-xx", 60);
        let forged = other.issue(1, "s").unwrap();
        assert_eq!(
            keys.verify(&forged).unwrap_err().code.as_str(),
            "invalid_token"
        );

        let expired = JwtKeys::new(b"0123456789abcdef0123456789abcdef", -3600);
        let old = expired.issue(1, "s").unwrap();
        assert_eq!(
            keys.verify(&old).unwrap_err().code.as_str(),
            "token_expired"
        );

        let hs512 = jsonwebtoken::encode(
            &Header::new(Algorithm::HS512),
            &Claims {
                sub: "1".into(),
                sid: "s".into(),
                iat: 0,
                exp: i64::MAX / 2,
            },
            &EncodingKey::from_secret(b"0123456789abcdef0123456789abcdef"),
        )
        .unwrap();
        assert_eq!(
            keys.verify(&hs512).unwrap_err().code.as_str(),
            "invalid_token"
        );
        assert_eq!(
            keys.verify("garbage").unwrap_err().code.as_str(),
            "invalid_token"
        );
    }

    #[test]
    fn refresh_tokens_are_random_and_hashed() {
        let a = new_secret();
        assert_ne!(a, new_secret());
        assert_eq!(a.len(), 43);
        assert_eq!(hash_secret(&a).len(), 64);
        assert_ne!(hash_secret(&a), a);
    }
}
