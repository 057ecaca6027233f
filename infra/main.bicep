// ExpoMatch on Azure: a Linux function app on an Elastic Premium (EP1) plan running the ASP.NET Core app as a
// custom handler, with keyless (identity-based) storage, Key Vault for secrets and Application Insights.
//
// Why Elastic Premium: custom handlers are documented for every hosting option, but Flex Consumption's support is
// documented inconsistently (`az functionapp list-flexconsumption-runtimes --runtime custom`), and we need a plan
// that scales on queue length today. EP1 supports custom handlers, event-driven scale-out, pre-warmed instances
// (no cold start for the organiser's HTTP calls) and VNet integration when the expo needs it.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names every resource.')
param environmentName string

@minLength(1)
@description('Azure region for every resource.')
param location string

@description('Object id of the person or pipeline running azd: gets blob upload rights for deployments.')
param principalId string = ''

@secure()
@minLength(24)
@description('Organiser key (ExpoMatch__OrganiserKey). Kept in Key Vault; never the development key.')
param organiserKey string

@secure()
@description('SendGrid API key. Empty: no email is sent from Azure. Kept in Key Vault.')
param sendGridApiKey string = ''

@secure()
@description('Optional second organiser key (ExpoMatch__OrganiserKeys__0, for rotation). Kept in Key Vault; empty: none.')
param additionalOrganiserKey string = ''

@description('SendGrid-verified sender address (ExpoMatch__Email__SendGrid__FromEmail); required when sendGridApiKey is set.')
param sendGridFromEmail string = ''

@description('Sender display name (ExpoMatch__Email__SendGrid__FromName); optional.')
param sendGridFromName string = ''

@description('Name of a Key Vault certificate that encrypts the Data Protection key ring (ExpoMatch__DataProtection__KeyEncryptionCertificate); create it in the vault first (README, "Deploy with azd up"). Empty: the ring is stored unencrypted (ADR-003).')
param dataProtectionCertificateName string = ''

@description('The previous key-ring certificate during a rotation (keys it encrypted stay readable); empty: none.')
param previousDataProtectionCertificateName string = ''

var tags = { 'azd-env-name': environmentName }
var token = toLower(uniqueString(subscription().id, environmentName, location))

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: resourceGroup
  params: {
    name: 'id-expomatch-${token}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    logAnalyticsName: 'log-expomatch-${token}'
    applicationInsightsName: 'appi-expomatch-${token}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    name: 'stexpomatch${take(token, 11)}'
    location: location
    tags: tags
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: resourceGroup
  params: {
    name: 'kv-expomatch-${take(token, 10)}'
    location: location
    tags: tags
    organiserKey: organiserKey
    sendGridApiKey: sendGridApiKey
    additionalOrganiserKey: additionalOrganiserKey
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: resourceGroup
  params: {
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    identityPrincipalId: identity.outputs.principalId
    deployerPrincipalId: principalId
  }
}

module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: resourceGroup
  dependsOn: [rbac]
  params: {
    planName: 'plan-expomatch-${token}'
    appName: 'func-expomatch-${token}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    organiserKeySecretUri: keyVault.outputs.organiserKeySecretUri
    sendGridApiKeySecretUri: keyVault.outputs.sendGridApiKeySecretUri
    additionalOrganiserKeySecretUri: keyVault.outputs.additionalOrganiserKeySecretUri
    sendGridFromEmail: sendGridFromEmail
    sendGridFromName: sendGridFromName
    // A Key Vault certificate's secret (same name, latest version) is its PFX in Base64 with the private key.
    dataProtectionCertificateSecretUri: empty(dataProtectionCertificateName) ? '' : '${keyVault.outputs.uri}secrets/${dataProtectionCertificateName}'
    previousDataProtectionCertificateSecretUri: empty(previousDataProtectionCertificateName) ? '' : '${keyVault.outputs.uri}secrets/${previousDataProtectionCertificateName}'
  }
}

output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URL string = functionApp.outputs.url
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_DEPLOYMENT_CONTAINER string = storage.outputs.deploymentContainer
