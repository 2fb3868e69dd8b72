-- Hunting: typed views over the events of the common OCSF classes, and the read-only role that runs an analyst's
-- own SQL. Each view reads the tenant's events table and picks the fields analysts filter on, under one name
-- whatever the OCSF version wrote: OCSF 1.0.0-rc.2 (Security Lake 1.0) and 1.1.0 (Security Lake 2.0) differ in
-- a few paths (mfa / is_mfa, uuid / uid_alt, account_uid / account.uid, finding / finding_info, state / status).
-- Every view keeps the whole event too (column `event`), for the fields it does not type.

-- Casts that never fail a query: a value of the wrong JSON type, or text that is no address, reads as NULL.
CREATE FUNCTION hunt_int(v jsonb) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN jsonb_typeof(v) = 'number' AND abs((v #>> '{}')::numeric) < 2147483648
                THEN trunc((v #>> '{}')::numeric)::integer END
$$;
CREATE FUNCTION hunt_bigint(v jsonb) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN jsonb_typeof(v) = 'number' AND abs((v #>> '{}')::numeric) < 9223372036854775807
                THEN trunc((v #>> '{}')::numeric)::bigint END
$$;
CREATE FUNCTION hunt_bool(v jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE jsonb_typeof(v)
               WHEN 'boolean' THEN v::boolean
               WHEN 'string' THEN CASE lower(v #>> '{}') WHEN 'true' THEN true WHEN 'yes' THEN true
                                                         WHEN 'false' THEN false WHEN 'no' THEN false END
           END
$$;
-- OCSF times are epoch milliseconds
CREATE FUNCTION hunt_time(v jsonb) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN jsonb_typeof(v) = 'number' AND abs((v #>> '{}')::numeric) < 253402300800000
                THEN to_timestamp((v #>> '{}')::numeric / 1000) END
$$;
-- pg_input_is_valid (PostgreSQL 16+) tests without an error; older servers catch the error instead
DO $$
BEGIN
    IF current_setting('server_version_num')::int >= 160000 THEN
        EXECUTE $f$CREATE FUNCTION hunt_inet(t text) RETURNS inet LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
                   'SELECT CASE WHEN pg_input_is_valid(t, ''inet'') THEN t::inet END'$f$;
    ELSE
        EXECUTE $f$CREATE FUNCTION hunt_inet(t text) RETURNS inet LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS
                   'BEGIN RETURN t::inet; EXCEPTION WHEN others THEN RETURN NULL; END'$f$;
    END IF;
END $$;

-- Authentication (3002): console and federated sign-ins, AssumeRole.
CREATE VIEW authentication AS
SELECT e.event_uid, e.event_time, e.account, e.region, e.source, e.class_uid, e.severity_id,
       hunt_int(e.event -> 'activity_id') AS activity_id,
       e.event ->> 'activity_name' AS activity_name,
       e.event ->> 'status' AS status,
       hunt_int(e.event -> 'status_id') AS status_id,
       coalesce(e.event #>> '{user,name}', e.event #>> '{actor,user,name}') AS user_name,
       coalesce(e.event #>> '{user,uid}', e.event #>> '{actor,user,uid}') AS user_uid,
       coalesce(e.event #>> '{user,uid_alt}', e.event #>> '{user,uuid}',
                e.event #>> '{actor,user,uid_alt}', e.event #>> '{actor,user,uuid}') AS user_arn,
       coalesce(e.event #>> '{user,type}', e.event #>> '{actor,user,type}') AS user_type,
       e.event #>> '{actor,user,name}' AS actor_user_name,
       hunt_inet(e.event #>> '{src_endpoint,ip}') AS src_ip,
       coalesce(hunt_bool(e.event -> 'is_mfa'), hunt_bool(e.event -> 'mfa'),
                hunt_bool(e.event #> '{actor,session,is_mfa}'), hunt_bool(e.event #> '{actor,session,mfa}'),
                hunt_bool(e.event #> '{unmapped,additionalEventData.MFAUsed}')) AS is_mfa,
       e.event #>> '{api,operation}' AS api_operation,
       e.event ->> 'logon_type' AS logon_type,
       e.event ->> 'auth_protocol' AS auth_protocol,
       e.event #>> '{dst_endpoint,svc_name}' AS dst_svc_name,
       e.event #>> '{http_request,user_agent}' AS user_agent,
       e.event #>> '{metadata,product,name}' AS product,
       e.event #>> '{metadata,version}' AS ocsf_version,
       e.event
  FROM events e
 WHERE e.class_uid = 3002;

-- API Activity (6003; 1.0.0-rc.2 wrote CloudTrail calls as 3005 API Activity and 3001 Account Change).
CREATE VIEW api_activity AS
SELECT e.event_uid, e.event_time, e.account, e.region, e.source, e.class_uid, e.severity_id,
       hunt_int(e.event -> 'activity_id') AS activity_id,
       e.event ->> 'activity_name' AS activity_name,
       e.event ->> 'status' AS status,
       hunt_int(e.event -> 'status_id') AS status_id,
       e.event #>> '{api,operation}' AS api_operation,
       e.event #>> '{api,service,name}' AS api_service,
       e.event #>> '{api,request,uid}' AS request_uid,
       coalesce(e.event #>> '{api,response,error}', e.event ->> 'status_code') AS api_error,
       e.event #>> '{api,response,message}' AS api_message,
       e.event #>> '{actor,user,name}' AS actor_user_name,
       e.event #>> '{actor,user,uid}' AS actor_user_uid,
       coalesce(e.event #>> '{actor,user,uid_alt}', e.event #>> '{actor,user,uuid}') AS actor_user_arn,
       e.event #>> '{actor,user,type}' AS actor_user_type,
       coalesce(e.event #>> '{actor,user,account,uid}', e.event #>> '{actor,user,account_uid}') AS actor_account,
       coalesce(e.event #>> '{actor,user,credential_uid}', e.event #>> '{actor,session,credential_uid}') AS credential_uid,
       e.event #>> '{actor,session,issuer}' AS session_issuer,
       coalesce(hunt_bool(e.event #> '{actor,session,is_mfa}'), hunt_bool(e.event #> '{actor,session,mfa}')) AS is_mfa,
       e.event #>> '{user,name}' AS target_user_name,
       hunt_inet(e.event #>> '{src_endpoint,ip}') AS src_ip,
       e.event #>> '{src_endpoint,domain}' AS src_domain,
       e.event #>> '{http_request,user_agent}' AS user_agent,
       e.event #>> '{resources,0,uid}' AS resource_uid,
       e.event #>> '{resources,0,type}' AS resource_type,
       e.event #>> '{metadata,product,name}' AS product,
       e.event #>> '{metadata,version}' AS ocsf_version,
       e.event
  FROM events e
 WHERE e.class_uid IN (6003, 3005, 3001);

-- Network Activity (4001): VPC flow logs and firewall traffic.
CREATE VIEW network_activity AS
SELECT e.event_uid, e.event_time, e.account, e.region, e.source, e.class_uid, e.severity_id,
       hunt_int(e.event -> 'activity_id') AS activity_id,
       e.event ->> 'activity_name' AS activity_name,
       hunt_inet(e.event #>> '{src_endpoint,ip}') AS src_ip,
       hunt_int(e.event #> '{src_endpoint,port}') AS src_port,
       hunt_inet(e.event #>> '{dst_endpoint,ip}') AS dst_ip,
       hunt_int(e.event #> '{dst_endpoint,port}') AS dst_port,
       hunt_int(e.event #> '{connection_info,protocol_num}') AS protocol_num,
       e.event #>> '{connection_info,direction}' AS direction,
       hunt_int(e.event #> '{connection_info,direction_id}') AS direction_id,
       hunt_int(e.event #> '{connection_info,tcp_flags}') AS tcp_flags,
       hunt_bigint(e.event #> '{traffic,bytes}') AS bytes,
       hunt_bigint(e.event #> '{traffic,packets}') AS packets,
       hunt_time(e.event -> 'start_time') AS start_time,
       hunt_time(e.event -> 'end_time') AS end_time,
       e.event ->> 'disposition' AS disposition,
       hunt_int(e.event -> 'disposition_id') AS disposition_id,
       hunt_int(e.event -> 'action_id') AS action_id,
       coalesce(e.event #>> '{src_endpoint,vpc_uid}', e.event #>> '{dst_endpoint,vpc_uid}') AS vpc_uid,
       e.event #>> '{src_endpoint,instance_uid}' AS src_instance_uid,
       e.event #>> '{dst_endpoint,instance_uid}' AS dst_instance_uid,
       coalesce(e.event #>> '{src_endpoint,interface_uid}', e.event #>> '{dst_endpoint,interface_uid}') AS interface_uid,
       e.event ->> 'status_code' AS status_code,
       e.event #>> '{metadata,product,name}' AS product,
       e.event #>> '{metadata,version}' AS ocsf_version,
       e.event
  FROM events e
 WHERE e.class_uid = 4001;

-- DNS Activity (4003): Route 53 resolver query logs.
CREATE VIEW dns_activity AS
SELECT e.event_uid, e.event_time, e.account, e.region, e.source, e.class_uid, e.severity_id,
       hunt_int(e.event -> 'activity_id') AS activity_id,
       e.event ->> 'activity_name' AS activity_name,
       hunt_inet(e.event #>> '{src_endpoint,ip}') AS src_ip,
       hunt_int(e.event #> '{src_endpoint,port}') AS src_port,
       e.event #>> '{src_endpoint,vpc_uid}' AS vpc_uid,
       e.event #>> '{src_endpoint,instance_uid}' AS src_instance_uid,
       lower(rtrim(e.event #>> '{query,hostname}', '.')) AS query_hostname,
       e.event #>> '{query,type}' AS query_type,
       e.event #>> '{query,class}' AS query_class,
       e.event ->> 'rcode' AS rcode,
       hunt_int(e.event -> 'rcode_id') AS rcode_id,
       ARRAY(SELECT a ->> 'rdata' FROM jsonb_array_elements(
                 CASE WHEN jsonb_typeof(e.event -> 'answers') = 'array' THEN e.event -> 'answers' ELSE '[]' END) a
              WHERE a ->> 'rdata' IS NOT NULL) AS answers,
       e.event ->> 'disposition' AS disposition,
       hunt_int(e.event -> 'disposition_id') AS disposition_id,
       e.event #>> '{metadata,product,name}' AS product,
       e.event #>> '{metadata,version}' AS ocsf_version,
       e.event
  FROM events e
 WHERE e.class_uid = 4003;

-- Detection Finding (2004, OCSF 1.1) and Security Finding (2001, OCSF 1.0.0-rc.2): Security Hub, GuardDuty,
-- CrowdStrike detections. resource_* is the first resource; `event -> 'resources'` holds them all.
CREATE VIEW detection_finding AS
SELECT e.event_uid, e.event_time, e.account, e.region, e.source, e.class_uid, e.severity_id,
       hunt_int(e.event -> 'activity_id') AS activity_id,
       e.event ->> 'activity_name' AS activity_name,
       e.event ->> 'severity' AS severity,
       coalesce(e.event #>> '{finding_info,uid}', e.event #>> '{finding,uid}') AS finding_uid,
       coalesce(e.event #>> '{finding_info,title}', e.event #>> '{finding,title}') AS title,
       coalesce(e.event #>> '{finding_info,desc}', e.event #>> '{finding,desc}') AS description,
       coalesce(e.event ->> 'status', e.event ->> 'state') AS status,
       coalesce(hunt_int(e.event -> 'status_id'), hunt_int(e.event -> 'state_id')) AS status_id,
       e.event #>> '{compliance,status}' AS compliance_status,
       e.event #>> '{resources,0,uid}' AS resource_uid,
       e.event #>> '{resources,0,type}' AS resource_type,
       e.event #>> '{resources,0,region}' AS resource_region,
       coalesce(hunt_time(e.event #> '{finding_info,first_seen_time}'), hunt_time(e.event #> '{finding,first_seen_time}')) AS first_seen,
       coalesce(hunt_time(e.event #> '{finding_info,last_seen_time}'), hunt_time(e.event #> '{finding,last_seen_time}')) AS last_seen,
       e.event #>> '{finding_info,analytic,name}' AS analytic_name,
       e.event #>> '{finding_info,attacks,0,technique,uid}' AS attack_technique,
       e.event #>> '{finding_info,attacks,0,tactic,name}' AS attack_tactic,
       e.event #>> '{device,hostname}' AS hostname,
       hunt_inet(e.event #>> '{device,ip}') AS device_ip,
       e.event #>> '{actor,user,name}' AS user_name,
       e.event #>> '{process,name}' AS process_name,
       e.event #>> '{process,cmd_line}' AS process_cmd_line,
       hunt_int(e.event -> 'confidence_score') AS confidence_score,
       e.event #>> '{metadata,product,name}' AS product,
       e.event #>> '{metadata,product,vendor_name}' AS vendor,
       e.event #>> '{metadata,version}' AS ocsf_version,
       e.event
  FROM events e
 WHERE e.class_uid IN (2004, 2001);

-- Process Activity (1007): EDR process launches and terminations.
CREATE VIEW process_activity AS
SELECT e.event_uid, e.event_time, e.account, e.region, e.source, e.class_uid, e.severity_id,
       hunt_int(e.event -> 'activity_id') AS activity_id,
       e.event ->> 'activity_name' AS activity_name,
       e.event #>> '{device,hostname}' AS hostname,
       e.event #>> '{device,uid}' AS device_uid,
       hunt_inet(e.event #>> '{device,ip}') AS device_ip,
       e.event #>> '{device,os,name}' AS os_name,
       e.event #>> '{process,name}' AS process_name,
       hunt_int(e.event #> '{process,pid}') AS pid,
       e.event #>> '{process,uid}' AS process_uid,
       e.event #>> '{process,cmd_line}' AS cmd_line,
       e.event #>> '{process,file,path}' AS file_path,
       hunt_int(e.event #> '{process,parent_process,pid}') AS parent_pid,
       coalesce(e.event #>> '{process,parent_process,uid}', e.event #>> '{actor,process,uid}') AS parent_uid,
       coalesce(e.event #>> '{process,parent_process,name}', e.event #>> '{actor,process,name}') AS parent_name,
       e.event #>> '{process,parent_process,cmd_line}' AS parent_cmd_line,
       coalesce(e.event #>> '{process,user,name}', e.event #>> '{actor,user,name}') AS user_name,
       coalesce(e.event #>> '{process,user,uid}', e.event #>> '{actor,user,uid}') AS user_uid,
       hunt_int(e.event -> 'exit_code') AS exit_code,
       e.event #>> '{metadata,product,name}' AS product,
       e.event #>> '{metadata,version}' AS ocsf_version,
       e.event
  FROM events e
 WHERE e.class_uid = 1007;

-- The hunt role: what an analyst's own SQL runs as (SET LOCAL ROLE in a read-only transaction). It logs in
-- nowhere, may use this schema and read its tables and views, and nothing else: other tenants' schemas and the
-- control tables grant nothing to it or to PUBLIC. One role per tenant, named after the schema; it may exist
-- already (the same tenant's schema made again, or a tenant database on a shared server).
DO $$
DECLARE
    schema text := current_schema();
    hunter text := 'lake_hunt_' || substr(current_schema(), length('tenant_') + 1);
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = hunter) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', hunter);
    END IF;
    -- the service may switch to it (a superuser may anyway; a CREATEROLE user needs the membership)
    EXECUTE format('GRANT %I TO CURRENT_USER', hunter);
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', schema, hunter);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', schema, hunter);
    -- tables of later migrations (and new daily partitions) are readable too
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO %I', schema, hunter);

    -- An analyst's statement runs inside this function, owned by the hunt role and SECURITY DEFINER: PostgreSQL
    -- refuses to change `role` or `session_authorization` inside a security-definer function, so a statement
    -- such as SELECT set_config('role', ...) cannot climb back to the service's user. The statement is opened as
    -- a cursor, which takes exactly one query (never a utility statement such as SET, COPY or CREATE, nor a
    -- second command); it is VOLATILE so that a write is refused by the read-only transaction itself. Rows come
    -- back as JSON text, columns in order, from row `skip` on, at most `take`.
    EXECUTE format($f$
        CREATE FUNCTION hunt_rows(query text, skip bigint, take integer) RETURNS SETOF text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $body$
        DECLARE
            r record;
            n bigint := 0;
        BEGIN
            FOR r IN EXECUTE query LOOP
                n := n + 1;
                CONTINUE WHEN n <= skip;
                EXIT WHEN n > skip + take;
                RETURN NEXT row_to_json(r)::text;
            END LOOP;
        END $body$ $f$, schema);
    -- a function's owner must be allowed to create in its schema at the moment it is given the function
    EXECUTE format('GRANT CREATE ON SCHEMA %I TO %I', schema, hunter);
    EXECUTE format('ALTER FUNCTION hunt_rows(text, bigint, integer) OWNER TO %I', hunter);
    EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM %I', schema, hunter);
    REVOKE ALL ON FUNCTION hunt_rows(text, bigint, integer) FROM PUBLIC;
    EXECUTE format('GRANT EXECUTE ON FUNCTION hunt_rows(text, bigint, integer) TO %I', hunter);
END $$;
