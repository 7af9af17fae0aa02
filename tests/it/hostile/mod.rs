mod secret_flows;
mod secrets;
