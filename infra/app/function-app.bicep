// The function app: Linux, Elastic Premium EP1, .NET 10 isolated worker, one user-assigned identity.
param planName string
param appName string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param deploymentPackageUrl string
param applicationInsightsConnectionString string
param organiserKeySecretUri string
param sendGridApiKeySecretUri string
@description('Key Vault URI of the optional second organiser key; empty: none.')
param additionalOrganiserKeySecretUri string = ''
@description('SendGrid-verified sender address; the app refuses to start without it when a SendGrid API key is set.')
param sendGridFromEmail string = ''
@description('Optional sender display name; empty: unset.')
param sendGridFromName string = ''
@description('SendGrid Signed Event Webhook verification key (Base64 SubjectPublicKeyInfo; public, not a secret). Empty: the webhook answers 401.')
param sendGridWebhookPublicKey string = ''

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'elastic'
  sku: { name: 'EP1', tier: 'ElasticPremium', family: 'EP' }
  properties: {
    reserved: true // Linux
    maximumElasticWorkerCount: 10
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      // The .NET 10 isolated worker: the host starts ExpoMatch.Functions.dll as worker.config.json says.
      linuxFxVersion: 'DOTNET-ISOLATED|10.0'
      minimumElasticInstanceCount: 1
      functionAppScaleLimit: 10
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: [
        { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
        { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'dotnet-isolated' }
        // Identity-based host storage (no AzureWebJobsStorage connection string: the account refuses keys).
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__blobServiceUri', value: 'https://${storageAccountName}.blob.${environment().suffixes.storage}' }
        { name: 'AzureWebJobsStorage__queueServiceUri', value: 'https://${storageAccountName}.queue.${environment().suffixes.storage}' }
        { name: 'AzureWebJobsStorage__tableServiceUri', value: 'https://${storageAccountName}.table.${environment().suffixes.storage}' }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        // No Azure Files content share without shared keys: the app runs from the package blob, read with the identity.
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: deploymentPackageUrl }
        { name: 'WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID', value: identityId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        // Secrets: Key Vault references, resolved by the platform with keyVaultReferenceIdentity.
        { name: 'ExpoMatch__OrganiserKey', value: '@Microsoft.KeyVault(SecretUri=${organiserKeySecretUri})' }
        { name: 'ExpoMatch__OrganiserKeys__0', value: empty(additionalOrganiserKeySecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${additionalOrganiserKeySecretUri})' }
        { name: 'ExpoMatch__Email__SendGrid__ApiKey', value: empty(sendGridApiKeySecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${sendGridApiKeySecretUri})' }
        { name: 'ExpoMatch__Email__SendGrid__FromEmail', value: sendGridFromEmail }
        { name: 'ExpoMatch__Email__SendGrid__FromName', value: sendGridFromName }
        // Schedule emails: the webhook's public verification key and when daily agendas go out (event-local time).
        { name: 'ExpoMatch__Email__SendGrid__EventWebhook__PublicKey', value: sendGridWebhookPublicKey }
        { name: 'ExpoMatch__Email__Schedule__AgendaLocalTime', value: '18:00' }
        { name: 'ExpoMatch__Email__Schedule__SendDailyAgenda', value: 'true' }
        // Trigger binding expressions: [TimerTrigger("%ExpoMatch:Schedules:<Function>%")] (six-field NCRONTAB, UTC)
        // and [QueueTrigger("%ExpoMatch:<Queue>%")]; the host cannot index a function whose setting is missing.
        { name: 'ExpoMatch__Schedules__SendScheduleEmails', value: '0 */15 * * * *' }
        { name: 'ExpoMatch__Schedules__PurgeExpiredIdempotencyKeys', value: '0 30 3 * * *' }
        { name: 'ExpoMatch__MatchingWorkQueue', value: 'matching-work' }
        { name: 'ExpoMatch__MatchingRunsQueue', value: 'matching-runs' }
        { name: 'ExpoMatch__ScheduleEmailsQueue', value: 'schedule-emails' }
      ]
    }
  }
}

output name string = site.name
output url string = 'https://${site.properties.defaultHostName}'
